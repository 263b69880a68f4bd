package dev.chassis.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions on a started service without a meter registry: commit, rollback on every
 * kind of failure, isolation, and the connection always given back. Run against H2 and PostgreSQL.
 */
abstract class TransactionsContract {
    static TestDatabase db;
    static PlainService app;
    static Transactions tx;

    static void start(TestDatabase database) {
        db = database;
        app = PlainService.create(
                db.mainSource("maximum-pool-size: 2, migrations: {locations: ['classpath:db/accounts']}"));
        app.service().start();
        tx = app.transactions();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.service().stop();
        }
    }

    @BeforeEach
    void resetBalances() throws SQLException {
        db.execute("UPDATE accounts SET balance = 100 WHERE id = 1");
        db.execute("UPDATE accounts SET balance = 0 WHERE id = 2");
    }

    static void move(Connection c, int from, int to, int amount) throws SQLException {
        try (PreparedStatement debit = c.prepareStatement("UPDATE accounts SET balance = balance - ? WHERE id = ?");
                PreparedStatement credit =
                        c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
            credit.setInt(1, amount);
            credit.setInt(2, to);
            credit.executeUpdate();
            debit.setInt(1, amount);
            debit.setInt(2, from);
            debit.executeUpdate();
        }
    }

    static long balance(int id) throws SQLException {
        return db.queryLong("SELECT balance FROM accounts WHERE id = " + id);
    }

    static int active() throws SQLException {
        return app.dataSource()
                .unwrap(HikariDataSource.class)
                .getHikariPoolMXBean()
                .getActiveConnections();
    }

    @Test
    void workThatReturnsIsCommittedAndItsValueReturned() throws Exception {
        String result = tx.inTransaction(c -> {
            move(c, 1, 2, 30);
            return "moved";
        });

        assertThat(result).isEqualTo("moved");
        assertThat(balance(1)).isEqualTo(70);
        assertThat(balance(2)).isEqualTo(30);
        assertThat(active()).isZero();
    }

    @Test
    void runtimeExceptionRollsBackAndIsRethrownAsItIs() throws Exception {
        IllegalStateException failure = new IllegalStateException("changed my mind");

        assertThatThrownBy(() -> tx.inTransaction(c -> {
                    move(c, 1, 2, 30);
                    throw failure;
                }))
                .isSameAs(failure);
        assertThat(balance(1)).isEqualTo(100);
        assertThat(balance(2)).isZero();
        assertThat(active()).isZero();
    }

    @Test
    void checkedExceptionRollsBackAndIsWrapped() throws Exception {
        IOException failure = new IOException("disk full");

        assertThatThrownBy(() -> tx.inTransaction(c -> {
                    move(c, 1, 2, 30);
                    throw failure;
                }))
                .isInstanceOf(DataAccessException.class)
                .hasMessage("transaction rolled back: disk full")
                .hasCause(failure);
        assertThat(balance(2)).isZero();
    }

    @Test
    void failingStatementRollsBackTheOnesBeforeIt() throws Exception {
        // The credit succeeds, then the debit breaks the CHECK: neither may stay.
        assertThatThrownBy(() -> tx.inTransaction(c -> {
                    move(c, 1, 2, 500);
                    return null;
                }))
                .isInstanceOf(DataAccessException.class)
                .hasMessageStartingWith("transaction rolled back: ")
                .cause()
                .isInstanceOf(SQLException.class);
        assertThat(balance(1)).isEqualTo(100);
        assertThat(balance(2)).isZero();
        assertThat(active()).isZero();
    }

    @Test
    void isolationIsSetForTheTransactionOnly() throws Exception {
        int inside = tx.inTransaction(Transactions.Isolation.SERIALIZABLE, Connection::getTransactionIsolation);
        assertThat(inside).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);

        try (Connection c = app.dataSource().getConnection()) {
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void uncommittedWorkIsInvisibleToOthersUntilCommit() throws Exception {
        tx.inTransaction(c -> {
            move(c, 1, 2, 10);
            assertThat(balance(2)).as("seen from outside before the commit").isZero();
            return null;
        });
        assertThat(balance(2)).isEqualTo(10);
    }

    @Test
    void otherSourcesAndUnknownNamesAreToldApart() {
        assertThat(app.dataSources().names()).containsExactly("main");
        assertThatThrownBy(() -> app.dataSources().get("reports"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data source: 'reports' is not configured (expected: one of [main])");
    }
}
