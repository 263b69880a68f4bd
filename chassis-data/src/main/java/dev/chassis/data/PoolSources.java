package dev.chassis.data;

import static java.util.Objects.requireNonNull;

import dev.chassis.data.internal.Pools;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/** The module's {@link DataSources}: the pools' data sources, each with its {@link Transactions}. */
final class PoolSources implements DataSources {
    private final Pools pools;
    private final Map<String, Transactions> transactions = new LinkedHashMap<>();

    PoolSources(Pools pools) {
        this.pools = pools;
        for (String name : pools.names()) {
            transactions.put(name, Transactions.of(pools.get(name)));
        }
    }

    @Override
    public DataSource get(String name) {
        return pools.get(name);
    }

    @Override
    public Transactions transactions(String name) {
        pools.get(name);
        return requireNonNull(transactions.get(name));
    }

    @Override
    public Set<String> names() {
        return pools.names();
    }

    @Override
    public String toString() {
        return "DataSources" + pools.names();
    }
}
