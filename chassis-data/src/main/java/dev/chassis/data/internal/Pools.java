package dev.chassis.data.internal;

import static java.util.Objects.requireNonNull;

import dev.chassis.data.DataConfig;
import dev.chassis.data.DataSourceConfig;
import dev.chassis.data.DataSources;
import dev.chassis.data.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** The enabled sources' pools, by name. Thread-safe. */
public final class Pools implements DataSources {
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final Map<String, Transactions> transactions = new LinkedHashMap<>();
    private final Set<String> disabled = new TreeSet<>();

    public Pools(DataConfig config, @Nullable MeterRegistry registry) {
        for (Map.Entry<String, DataSourceConfig> e : config.sources().entrySet()) {
            if (!e.getValue().enabled()) {
                disabled.add(e.getKey());
                continue;
            }
            Pool pool = new Pool(e.getKey(), e.getValue(), registry);
            pools.put(e.getKey(), pool);
            transactions.put(e.getKey(), Transactions.of(pool.dataSource()));
        }
    }

    public Collection<Pool> all() {
        return pools.values();
    }

    @Override
    public DataSource get(String name) {
        return pool(name).dataSource();
    }

    @Override
    public Transactions transactions(String name) {
        pool(name);
        return requireNonNull(transactions.get(name));
    }

    @Override
    public Set<String> names() {
        return new TreeSet<>(pools.keySet());
    }

    private Pool pool(String name) {
        requireNonNull(name, "name");
        Pool pool = pools.get(name);
        if (pool != null) {
            return pool;
        }
        if (disabled.contains(name)) {
            throw new IllegalArgumentException(
                    "data source '" + name + "' is disabled (data.sources." + name + ".enabled: false)");
        }
        throw new IllegalArgumentException(
                "data source: '" + name + "' is not configured (expected: one of " + names() + ")");
    }

    @Override
    public String toString() {
        return "DataSources" + pools.values();
    }
}
