package dev.chassis.data.internal;

import static java.util.Objects.requireNonNull;

import dev.chassis.data.config.DataConfig;
import dev.chassis.data.config.DataSourceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** The enabled sources' pools, by name. Thread-safe. */
public final class Pools {
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final Set<String> disabled = new TreeSet<>();

    public Pools(DataConfig config, @Nullable MeterRegistry registry) {
        for (Map.Entry<String, DataSourceConfig> e : config.sources().entrySet()) {
            if (!e.getValue().enabled()) {
                disabled.add(e.getKey());
                continue;
            }
            Pool pool = new Pool(e.getKey(), e.getValue(), registry);
            pools.put(e.getKey(), pool);
        }
    }

    public Collection<Pool> all() {
        return pools.values();
    }

    /**
     * The gated data source of an enabled source.
     *
     * @throws IllegalArgumentException naming the source when it is disabled or not configured
     */
    public DataSource get(String name) {
        return pool(name).dataSource();
    }

    /** The enabled sources' names. */
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
        return "Pools" + pools.values();
    }
}
