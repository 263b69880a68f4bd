package dev.chassis.data;

import dev.chassis.data.config.DataConfig;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The service's connection pools by name, as configured under {@code data.sources}. The pool named
 * {@link #DEFAULT} is also bound on its own as {@code DataSource}, with its {@link Transactions}.
 *
 * <pre>{@code
 * @Inject ReportsRepository(DataSources sources) {
 *     this.reports = sources.get("reports");
 *     this.tx = sources.transactions("reports");
 * }
 * }</pre>
 *
 * <p>Each {@code DataSource} is a HikariCP pool behind a thin gate: until the pool has connected and
 * migrated, and after it has stopped, {@code getConnection()} throws
 * {@link java.sql.SQLTransientConnectionException} (a request answered 503); statements made inside
 * a request are given the request's remaining time as their query timeout. {@code unwrap} reaches
 * {@code com.zaxxer.hikari.HikariDataSource} once the pool has started. Thread-safe.
 */
public interface DataSources {
    /** The name of the default source: {@code main}. */
    String DEFAULT = DataConfig.DEFAULT_SOURCE;

    /**
     * The pool of this name.
     *
     * @throws IllegalArgumentException if no enabled source has this name; the message lists those
     *     that exist
     */
    DataSource get(String name);

    /**
     * {@link Transactions} on the pool of this name.
     *
     * @throws IllegalArgumentException if no enabled source has this name
     */
    Transactions transactions(String name);

    /** The names of the enabled sources, sorted. */
    Set<String> names();
}
