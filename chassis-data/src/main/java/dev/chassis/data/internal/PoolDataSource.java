package dev.chassis.data.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The data source the application gets for a {@link Pool}: connections only while the pool is
 * ready (connected and migrated), each limited by {@link DeadlineConnection}. Before that, and
 * after the pool stops, {@code getConnection()} throws {@link SQLTransientConnectionException},
 * which a request answers with 503. For an H2 database in a file, one connection at a time (see
 * {@link H2Files}). Thread-safe.
 */
public final class PoolDataSource implements DataSource {
    /** SQLState class 08: connection exception. */
    private static final String CONNECTION_EXCEPTION = "08000";

    private final Pool pool;
    private final int queryTimeoutSeconds;
    private final @Nullable OneAtATime oneAtATime;

    PoolDataSource(Pool pool, int queryTimeoutSeconds) {
        this.pool = pool;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
        this.oneAtATime = H2Files.isEmbeddedFile(pool.config().url())
                ? new OneAtATime(pool.sourceName(), pool.config().connectionTimeout())
                : null;
    }

    @Override
    public Connection getConnection() throws SQLException {
        HikariDataSource hikari = pool.hikari();
        if (pool.state() != Pool.State.READY || hikari == null) {
            String problem = pool.problem();
            throw new SQLTransientConnectionException(
                    "data source '" + pool.sourceName() + "' is not ready ("
                            + pool.state().name().toLowerCase(Locale.ROOT) + (problem == null ? "" : ": " + problem)
                            + ")",
                    CONNECTION_EXCEPTION);
        }
        OneAtATime gate = oneAtATime;
        if (gate == null) {
            return new DeadlineConnection(hikari.getConnection(), queryTimeoutSeconds, null);
        }
        gate.acquire();
        try {
            return new DeadlineConnection(hikari.getConnection(), queryTimeoutSeconds, gate::release);
        } catch (SQLException | RuntimeException e) {
            gate.release();
            throw e;
        }
    }

    /** Not supported: the pool's user is configured. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException(
                "data source '" + pool.sourceName() + "' connects as its configured user (expected: getConnection())");
    }

    @Override
    public @Nullable PrintWriter getLogWriter() throws SQLException {
        HikariDataSource hikari = pool.hikari();
        return hikari == null ? null : hikari.getLogWriter();
    }

    @Override
    public void setLogWriter(@Nullable PrintWriter out) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool logs through SLF4J");
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException(
                "set data.sources." + pool.sourceName() + ".connection-timeout instead");
    }

    @Override
    public int getLoginTimeout() {
        return JdbcSeconds.ceil(pool.config().connectionTimeout());
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the pool logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        HikariDataSource hikari = pool.hikari();
        if (hikari == null) {
            throw new SQLException("data source '" + pool.sourceName() + "' has not started; cannot unwrap " + iface);
        }
        return hikari.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        HikariDataSource hikari = pool.hikari();
        return iface.isInstance(this) || (hikari != null && hikari.isWrapperFor(iface));
    }

    @Override
    public String toString() {
        return "DataSource[" + pool.sourceName() + ", " + pool.state() + "]";
    }
}
