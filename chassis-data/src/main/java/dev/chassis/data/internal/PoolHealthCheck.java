package dev.chassis.data.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import dev.chassis.core.health.Health;
import dev.chassis.core.health.HealthCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Readiness of one pool, named {@code db-<source>}: down until the pool has connected and
 * migrated; then the health query on a pooled connection, each step bounded by
 * {@code health-timeout}. A pool whose every connection is in use is up and {@code saturated}: that
 * is load, which 503s already shed, and answering down would take every instance out at once.
 * The pool's counts are in the details. Thread-safe.
 */
public final class PoolHealthCheck implements HealthCheck {
    private final Pool pool;

    public PoolHealthCheck(Pool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "db-" + pool.sourceName();
    }

    @Override
    public Health check() {
        Pool.State state = pool.state();
        HikariDataSource hikari = pool.hikari();
        if (state != Pool.State.READY || hikari == null) {
            Health down = Health.down(reasonWhenNotReady(state));
            if (state != Pool.State.STOPPED) {
                down = down.withDetail("attempts", pool.attempts());
            }
            return details(down, state, hikari);
        }
        HikariPoolMXBean stats = hikari.getHikariPoolMXBean();
        if (stats != null
                && stats.getIdleConnections() == 0
                && stats.getTotalConnections() >= pool.config().maximumPoolSize()) {
            return details(Health.up().withDetail("saturated", true), state, hikari);
        }
        try {
            query(hikari, stats);
            return details(Health.up(), state, hikari);
        } catch (SQLException e) {
            return details(Health.down("health query failed: " + Causes.rootMessage(e)), state, hikari);
        }
    }

    private String reasonWhenNotReady(Pool.State state) {
        String problem = pool.problem();
        return switch (state) {
            case STOPPED -> "stopped";
            case NEW -> "not started";
            case MIGRATING -> "running migrations";
            default -> problem == null ? "connecting" : problem;
        };
    }

    private void query(HikariDataSource hikari, @Nullable HikariPoolMXBean stats) throws SQLException {
        long timeoutMillis = pool.config().healthTimeout().toMillis();
        try (Connection c = stats instanceof HikariPool p ? p.getConnection(timeoutMillis) : hikari.getConnection()) {
            try {
                // A statement cancel needs the database's help; a socket timeout does not.
                c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeoutMillis + 1000));
            } catch (SQLFeatureNotSupportedException | UnsupportedOperationException e) {
                // Embedded databases have no socket to time out.
            }
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(JdbcSeconds.ceil(pool.config().healthTimeout()));
                s.execute(pool.config().healthQuery());
            }
        }
    }

    private Health details(Health health, Pool.State state, @Nullable HikariDataSource hikari) {
        Health h = health.withDetail("state", state.name().toLowerCase(Locale.ROOT));
        String database = pool.database();
        if (database != null) {
            h = h.withDetail("database", database);
        }
        HikariPoolMXBean stats = hikari == null ? null : hikari.getHikariPoolMXBean();
        if (stats != null) {
            h = h.withDetail("active", stats.getActiveConnections())
                    .withDetail("idle", stats.getIdleConnections())
                    .withDetail("total", stats.getTotalConnections())
                    .withDetail("waiting", stats.getThreadsAwaitingConnection());
        }
        return h.withDetail("max", pool.config().maximumPoolSize());
    }
}
