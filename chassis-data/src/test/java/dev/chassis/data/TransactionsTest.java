package dev.chassis.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Transactions} on a plain, unpooled connection, whose state it must put back itself. */
class TransactionsTest {
    private Connection real;
    private final List<String> calls = new ArrayList<>();
    private boolean failCommit;

    @BeforeEach
    void open() throws SQLException {
        real = DriverManager.getConnection("jdbc:h2:mem:transactions_test", "sa", "");
        real.createStatement().execute("CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY)");
        real.createStatement().execute("DELETE FROM t");
    }

    @AfterEach
    void close() throws SQLException {
        real.close();
    }

    /** The real connection, recording close/commit/rollback, never closed by the code under test. */
    private Connection watched() {
        return (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close" -> {
                            calls.add("close");
                            return null;
                        }
                        case "commit" -> {
                            calls.add("commit");
                            if (failCommit) {
                                throw new SQLException("commit refused", "40001");
                            }
                        }
                        case "rollback" -> calls.add("rollback");
                        default -> {}
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private DataSource source(Connection connection) {
        return new FixedDataSource(() -> connection);
    }

    @Test
    void commitsAndPutsAutoCommitAndIsolationBack() throws SQLException {
        Transactions tx = Transactions.of(source(watched()));

        int isolation = tx.inTransaction(Transactions.Isolation.SERIALIZABLE, c -> {
            assertThat(c.getAutoCommit()).isFalse();
            c.createStatement().execute("INSERT INTO t VALUES (1)");
            return c.getTransactionIsolation();
        });

        assertThat(isolation).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        assertThat(calls).containsExactly("commit", "close");
        assertThat(real.getAutoCommit()).isTrue();
        assertThat(real.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
    }

    @Test
    void failureRollsBackPutsStateBackAndClosesTheConnection() throws SQLException {
        Transactions tx = Transactions.of(source(watched()));

        assertThatThrownBy(() -> tx.inTransaction(c -> {
                    c.createStatement().execute("INSERT INTO t VALUES (1)");
                    throw new IllegalArgumentException("no");
                }))
                .hasMessage("no");

        assertThat(calls).containsExactly("rollback", "close");
        assertThat(real.getAutoCommit()).isTrue();
        var rows = real.createStatement().executeQuery("SELECT count(*) FROM t");
        rows.next();
        assertThat(rows.getInt(1)).isZero();
    }

    @Test
    void failedCommitRollsBackAndSaysSo() throws SQLException {
        failCommit = true;
        Transactions tx = Transactions.of(source(watched()));

        assertThatThrownBy(() -> tx.inTransaction(c -> c.createStatement().execute("INSERT INTO t VALUES (1)")))
                .isInstanceOf(DataAccessException.class)
                .hasMessage("commit failed: commit refused")
                .cause()
                .isInstanceOf(SQLException.class);
        assertThat(calls).containsExactly("commit", "rollback", "close");
    }

    @Test
    void noConnectionIsADataAccessExceptionWithThePoolsCause() {
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "main - Connection is not available, request timed out after 500ms");
        Transactions tx = Transactions.of(new FixedDataSource(() -> {
            throw timeout;
        }));

        assertThatThrownBy(() -> tx.inTransaction(c -> 1))
                .isInstanceOf(DataAccessException.class)
                .hasMessage(
                        "cannot get a connection: main - Connection is not available, request timed out after 500ms")
                .hasCause(timeout);
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> Transactions.of(null)).hasMessage("dataSource");
        Transactions tx = Transactions.of(source(watched()));
        assertThatThrownBy(() -> tx.inTransaction(null)).hasMessage("work");
        assertThatThrownBy(() -> tx.inTransaction(null, c -> 1)).hasMessage("isolation");
    }

    @FunctionalInterface
    interface ConnectionSupplier {
        Connection get() throws SQLException;
    }

    /** Hands out what the supplier gives; nothing else is used. */
    record FixedDataSource(ConnectionSupplier connections) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return connections.get();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return connections.get();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
