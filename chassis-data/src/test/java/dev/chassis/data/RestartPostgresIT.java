package dev.chassis.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.zaxxer.hikari.HikariDataSource;
import dev.chassis.core.http.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarts (by {@code pg_ctlcluster}) while the pool holds idle connections and one
 * transaction is half done: the half-done transaction leaves nothing behind, and the next request
 * succeeds on a fresh connection, the pool having found its idle ones dead. PostgreSQL only: H2
 * embedded cannot restart, and H2 over TCP reports a cut connection as valid.
 */
class RestartPostgresIT {
    static TestDatabase db;
    static TestService app;
    static Http http;
    static volatile CountDownLatch firstInserted = new CountDownLatch(1);
    static volatile CountDownLatch proceed = new CountDownLatch(0);

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.postgres("restart_it");
        cluster();
        String url = db.url();
        app = TestService.create(
                "data:\n  sources:\n    main: {url: '" + url + "', user: '" + db.user() + "', password: '"
                        + db.password()
                        + "', maximum-pool-size: 3, migrations: {locations: ['classpath:db/restart']}}\n",
                sources -> routing -> {
                    DataSource ds = sources.get(DataSources.DEFAULT);
                    Transactions tx = sources.transactions(DataSources.DEFAULT);
                    routing.get("/count", request -> Map.of("rows", rows(ds))).post("/pair/{id}", request -> {
                        int id = request.pathParam("id").asInt();
                        return tx.inTransaction(c -> {
                            insert(c, id, "a");
                            firstInserted.countDown();
                            proceed.await(20, TimeUnit.SECONDS);
                            insert(c, id, "b");
                            return Response.status(201).json(Map.of("id", id));
                        });
                    });
                });
        app.service().start();
        http = new Http(app.service());
    }

    static void insert(Connection c, int id, String part) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO pairs (id, part) VALUES (?, ?)")) {
            s.setInt(1, id);
            s.setString(2, part);
            s.executeUpdate();
        }
    }

    static long rows(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM pairs")) {
            r.next();
            return r.getLong(1);
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.service().stop();
        }
    }

    @Test
    void restartWithIdleConnectionsAndAHalfDoneTransactionLosesNothingAndHalvesNothing() throws Exception {
        HikariDataSource hikari = app.dataSource().unwrap(HikariDataSource.class);
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/count").statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> hikari.getHikariPoolMXBean().getIdleConnections() == 3);

        firstInserted = new CountDownLatch(1);
        proceed = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> halfDone = http.postAsync("/pair/1");
        assertThat(firstInserted.await(10, TimeUnit.SECONDS)).isTrue();

        restart();
        proceed.countDown();

        assertThat(halfDone.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
        assertThat(db.queryLong("SELECT count(*) FROM pairs WHERE id = 1"))
                .as("no half-applied transaction")
                .isZero();

        HttpResponse<String> next = http.get("/count");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("{\"rows\":0}");

        assertThat(http.post("/pair/2").statusCode()).isEqualTo(201);
        assertThat(db.queryLong("SELECT count(*) FROM pairs WHERE id = 2")).isEqualTo(2);
    }

    /** The version and name of the local cluster, as {@code pg_lsclusters} lists it. */
    static String[] cluster() throws Exception {
        String listed;
        try {
            listed = run("pg_lsclusters", "--no-header");
        } catch (IOException e) {
            String message =
                    "pg_ctlcluster is not available here, so PostgreSQL cannot be restarted (" + e.getMessage() + ")";
            if (System.getenv("CI") != null) {
                fail(message + " (CI is set, so this fails instead of skipping)");
            }
            abort(message);
            throw e;
        }
        // The cluster on the tests' port: version, name, port, status, ...
        int given = URI.create(TestDatabase.PG_URL.substring("jdbc:".length())).getPort();
        String port = Integer.toString(given == -1 ? 5432 : given);
        for (String line : listed.strip().split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length > 2 && columns[2].equals(port)) {
                return new String[] {columns[0], columns[1]};
            }
        }
        throw new IllegalStateException("no local cluster on port " + port + " in:\n" + listed);
    }

    /** Restarts the cluster and returns once it accepts connections again. */
    static void restart() throws Exception {
        String[] cluster = cluster();
        // pg_ctlcluster may report a failed start on a loaded machine while the server comes up
        // a moment later: whether it accepts connections again is what decides.
        Process p = new ProcessBuilder("pg_ctlcluster", cluster[0], cluster[1], "restart")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("pg_ctlcluster restart").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        await("PostgreSQL accepting connections after pg_ctlcluster restart (exit " + p.exitValue() + ": " + out + ")")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    try (Connection c = DriverManager.getConnection(
                            TestDatabase.PG_URL, TestDatabase.PG_USER, TestDatabase.PG_PASSWORD)) {
                        return c.isValid(2);
                    } catch (Exception e) {
                        return false;
                    }
                });
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
