package dev.chassis.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.zaxxer.hikari.HikariDataSource;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connections held too long: a query the request timeout gave up on comes back to the pool, and a
 * connection never closed is reported as a leak. Run against H2 and PostgreSQL.
 */
abstract class HeldConnectionsContract {
    static TestDatabase db;
    static TestService app;
    static Http http;
    static final List<Connection> leaked = new CopyOnWriteArrayList<>();
    LogRecorder logs;

    static void start(TestDatabase database) {
        db = database;
        app = TestService.create(
                "server: {request-timeout: 1s}\n"
                        + db.mainSource(
                                "maximum-pool-size: 3, leak-detection-threshold: 2s, migrations: {enabled: false}"),
                sources -> routing -> {
                    DataSource ds = sources.get(DataSources.DEFAULT);
                    routing.get("/slow", request -> {
                                try (Connection c = ds.getConnection();
                                        Statement s = c.createStatement()) {
                                    s.execute("SELECT pg_sleep(30)");
                                }
                                return Map.of("slept", true);
                            })
                            .get("/leak", request -> {
                                leaked.add(ds.getConnection());
                                return Map.of("leaked", true);
                            })
                            .get("/statement-timeout", request -> {
                                try (Connection c = ds.getConnection();
                                        Statement s = c.createStatement()) {
                                    return Map.of("seconds", s.getQueryTimeout());
                                }
                            })
                            .get("/one", request -> {
                                try (Connection c = ds.getConnection();
                                        Statement s = c.createStatement();
                                        ResultSet r = s.executeQuery("SELECT 1")) {
                                    r.next();
                                    return Map.of("one", r.getInt(1));
                                }
                            });
                });
        app.service().start();
        http = new Http(app.service());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.service().stop();
        }
    }

    @BeforeEach
    void record() {
        logs = LogRecorder.attach("com.zaxxer.hikari.pool.ProxyLeakTask");
    }

    @AfterEach
    void closeLeaks() throws SQLException {
        for (Connection c : leaked) {
            c.close();
        }
        leaked.clear();
        logs.close();
    }

    static int active() throws SQLException {
        return app.dataSource()
                .unwrap(HikariDataSource.class)
                .getHikariPoolMXBean()
                .getActiveConnections();
    }

    @Test
    void queryTheRequestTimeoutGaveUpOnGivesItsConnectionBack() throws Exception {
        long begin = System.nanoTime();
        HttpResponse<String> r = http.get("/slow");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));

        // pg_sleep(30) would hold it for 30 seconds; the query is cancelled at the request's deadline.
        await().atMost(Duration.ofSeconds(5)).until(() -> active() == 0);
        assertThat(http.get("/one").body()).isEqualTo("{\"one\":1}");
    }

    @Test
    void statementsInARequestGetTheRequestsRemainingTimeAndNoneOutside() throws Exception {
        assertThat(http.get("/statement-timeout").body()).isEqualTo("{\"seconds\":1}");
        try (Connection c = app.dataSource().getConnection();
                Statement s = c.createStatement()) {
            assertThat(s.getQueryTimeout()).isZero();
        }
    }

    @Test
    void connectionNeverClosedIsReportedAsALeakWithTheStackThatTookIt() throws Exception {
        assertThat(http.get("/leak").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(6))
                .until(() -> !logs.matching(e -> e.getLevel() == Level.WARN).isEmpty());
        ILoggingEvent warning = logs.matching(e -> e.getLevel() == Level.WARN).get(0);
        // The handler's thread: a pool worker on Java 17, a virtual thread where the JVM has them.
        assertThat(warning.getFormattedMessage())
                .matches("Connection leak detection triggered for .+ on thread chassis-(worker|handler)-.+, stack trace"
                        + " follows");
        assertThat(ThrowableProxyUtil.asString(warning.getThrowableProxy()))
                .contains("Apparent connection leak detected")
                .contains("HeldConnectionsContract");

        leaked.get(0).close();
        await().atMost(Duration.ofSeconds(2))
                .until(() -> logs.matching(e -> e.getFormattedMessage().contains("was returned to the pool (unleaked)"))
                                .size()
                        == 1);
    }

    @Test
    void connectionClosedInTimeIsNoLeak() throws Exception {
        assertThat(http.get("/one").statusCode()).isEqualTo(200);
        assertThat(active()).isZero();
        assertThat(logs.events()).isEmpty();
    }
}
