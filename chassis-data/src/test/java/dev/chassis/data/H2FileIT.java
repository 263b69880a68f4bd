package dev.chassis.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 database in a file of the service's process: each commit written out before it is
 * acknowledged, and one connection in use at a time.
 */
class H2FileIT {
    @TempDir
    Path dir;

    private PlainService app;

    private DataSource start(String urlOptions) {
        app = PlainService.create("data:\n  sources:\n    main: {url: 'jdbc:h2:file:" + dir.resolve("orders")
                + urlOptions + "', connection-timeout: 1s, validation-timeout: 500ms}\n");
        app.service().start();
        return app.dataSource();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.service().stop();
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '" + name + "'")) {
            return r.next() ? r.getString(1) : "(none)";
        }
    }

    @Test
    void commitsAreWrittenOutBeforeTheyAreAcknowledged() throws Exception {
        DataSource source = start("");

        try (Connection c = source.getConnection()) {
            assertThat(setting(c, "WRITE_DELAY")).isEqualTo("0");
        }
    }

    @Test
    void aWriteDelayTheUrlSetsIsKept() throws Exception {
        DataSource source = start(";WRITE_DELAY=200");

        try (Connection c = source.getConnection()) {
            assertThat(setting(c, "WRITE_DELAY")).isEqualTo("200");
        }
    }

    @Test
    void aSecondConnectionWaitsUntilTheFirstIsClosed() throws Exception {
        DataSource source = start("");
        Connection first = source.getConnection();
        CountDownLatch asking = new CountDownLatch(1);

        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            asking.countDown();
            try (Connection c = source.getConnection()) {
                return setting(c, "WRITE_DELAY");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(asking.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        first.close();
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("0");
    }

    @Test
    void aCallerThatWaitsLongerThanTheConnectionTimeoutGetsTheExhaustedPoolsAnswer() throws Exception {
        DataSource source = start("");
        try (Connection held = source.getConnection()) {
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try (Connection c = source.getConnection()) {
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            assertThat(other.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessage("data source 'main': the connection of this H2 file database was not free within 1s");
        }
    }

    @Test
    void theThreadThatHoldsTheConnectionIsRefusedASecondAtOnce() throws Exception {
        DataSource source = start("");
        try (Connection held = source.getConnection()) {
            long started = System.nanoTime();
            assertThatThrownBy(source::getConnection)
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("data source 'main' is an H2 database in a file, which serves one"
                            + " connection at a time, and this thread holds it already");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                    .isLessThan(500);
        }
        try (Connection again = source.getConnection()) {
            assertThat(again.isValid(1)).isTrue();
        }
    }

    @Test
    void closingAConnectionTwiceGivesItsTurnBackOnce() throws Exception {
        DataSource source = start("");
        Connection c = source.getConnection();
        c.close();
        c.close();

        Connection next = source.getConnection();
        CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
            try (Connection x = source.getConnection()) {
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
        assertThat(other.get(5, TimeUnit.SECONDS)).isInstanceOf(SQLTransientConnectionException.class);
        next.close();
    }
}
