package dev.chassis.data;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Runs a block of JDBC work in a transaction: commits when it returns, rolls back when it throws.
 * The module binds one for the {@code main} source; {@link DataSources#transactions(String)} gives
 * one for another.
 *
 * <pre>{@code
 * long id = tx.inTransaction(connection -> {
 *     try (PreparedStatement insert = connection.prepareStatement(
 *             "INSERT INTO orders (item) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
 *         insert.setString(1, item);
 *         insert.executeUpdate();
 *         ResultSet keys = insert.getGeneratedKeys();
 *         keys.next();
 *         return keys.getLong(1);
 *     }
 * });
 * }</pre>
 *
 * <p>Each call takes its own connection from the pool and gives it back, so calls do not nest into
 * one transaction: an inner call is a second, independent transaction on a second connection. An
 * exception the block throws is rethrown as it is after the rollback (a checked one wrapped in
 * {@link DataAccessException}); a failure to connect, commit or roll back is a
 * {@link DataAccessException} whose cause is the {@link SQLException}. Thread-safe.
 */
public final class Transactions {
    private final DataSource dataSource;

    private Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Transactions on this data source. */
    public static Transactions of(DataSource dataSource) {
        return new Transactions(requireNonNull(dataSource, "dataSource"));
    }

    /** The work of one transaction. */
    @FunctionalInterface
    public interface Work<T extends @Nullable Object> {
        /**
         * Does the work on a connection whose transaction is open.
         *
         * @throws Exception to roll the transaction back
         */
        T run(Connection connection) throws Exception;
    }

    /** Isolation levels, as {@link Connection} numbers them. */
    public enum Isolation {
        /** {@link Connection#TRANSACTION_READ_UNCOMMITTED}. */
        READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
        /** {@link Connection#TRANSACTION_READ_COMMITTED}: PostgreSQL's and H2's default. */
        READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
        /** {@link Connection#TRANSACTION_REPEATABLE_READ}. */
        REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
        /** {@link Connection#TRANSACTION_SERIALIZABLE}. */
        SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

        private final int level;

        Isolation(int level) {
            this.level = level;
        }

        /** The JDBC level. */
        public int level() {
            return level;
        }
    }

    /**
     * Runs the work in a transaction at the database's default isolation and returns its result.
     *
     * @throws DataAccessException if no connection could be had, or the commit or rollback failed,
     *     or the work threw a checked exception
     */
    public <T extends @Nullable Object> T inTransaction(Work<T> work) {
        return run(null, requireNonNull(work, "work"));
    }

    /**
     * Runs the work in a transaction at this isolation level and returns its result.
     *
     * @throws DataAccessException as {@link #inTransaction(Work)}
     */
    public <T extends @Nullable Object> T inTransaction(Isolation isolation, Work<T> work) {
        return run(requireNonNull(isolation, "isolation"), requireNonNull(work, "work"));
    }

    private <T extends @Nullable Object> T run(@Nullable Isolation isolation, Work<T> work) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new DataAccessException("cannot get a connection: " + e.getMessage(), e);
        }
        Throwable failure = null;
        try {
            return inside(connection, isolation, work);
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            close(connection, failure);
        }
    }

    private static <T extends @Nullable Object> T inside(
            Connection connection, @Nullable Isolation isolation, Work<T> work) {
        boolean autoCommit;
        int previousIsolation;
        try {
            autoCommit = connection.getAutoCommit();
            previousIsolation = connection.getTransactionIsolation();
            if (isolation != null) {
                connection.setTransactionIsolation(isolation.level());
            }
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new DataAccessException("cannot begin a transaction: " + e.getMessage(), e);
        }
        try {
            T result;
            try {
                result = work.run(connection);
            } catch (Throwable t) {
                rollback(connection, t);
                throw rethrow(t);
            }
            try {
                connection.commit();
            } catch (SQLException e) {
                rollback(connection, e);
                throw new DataAccessException("commit failed: " + e.getMessage(), e);
            }
            return result;
        } finally {
            restore(connection, autoCommit, isolation == null ? -1 : previousIsolation);
        }
    }

    private static void close(Connection connection, @Nullable Throwable failure) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // The outcome is decided; a connection that fails to close is discarded by the pool.
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restore(Connection connection, boolean autoCommit, int isolation) {
        try {
            connection.setAutoCommit(autoCommit);
            if (isolation >= 0) {
                connection.setTransactionIsolation(isolation);
            }
        } catch (SQLException e) {
            // A connection that cannot be reset is broken; the pool discards it when it comes back.
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new DataAccessException("transaction rolled back: " + t.getMessage(), t);
    }
}
