package dev.chassis.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.chassis.core.http.Response;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pool of 10 under load on a running service: exhaustion is a 503 problem within the connection
 * timeout, 100 concurrent requests all succeed, meters and readiness show the pool. Run against
 * H2 and PostgreSQL by the subclasses.
 */
abstract class PoolContract {
    static final int POOL = 10;
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

    static TestDatabase db;
    static TestService app;
    static Http http;
    static volatile CountDownLatch release = new CountDownLatch(0);
    static final AtomicInteger holding = new AtomicInteger();

    static void start(TestDatabase database) {
        db = database;
        app = TestService.create(
                db.mainSource(
                        "maximum-pool-size: " + POOL + ", connection-timeout: 1s, validation-timeout: 500ms,"
                                + " migrations: {locations: ['classpath:db/pool-it']}",
                        "retry-after: 3s"),
                sources -> routing -> {
                    DataSource ds = sources.get(DataSources.DEFAULT);
                    Transactions tx = sources.transactions(DataSources.DEFAULT);
                    routing.get("/hold", request -> {
                                Connection c = ds.getConnection();
                                holding.incrementAndGet();
                                try {
                                    release.await(10, TimeUnit.SECONDS);
                                } finally {
                                    holding.decrementAndGet();
                                    c.close();
                                }
                                return Map.of("held", true);
                            })
                            .get("/count", request -> Map.of("count", count(ds)))
                            .get("/tx-count", request -> Map.of("count", tx.inTransaction(PoolContract::count)))
                            .post(
                                    "/items",
                                    request -> tx.inTransaction(c -> {
                                        try (PreparedStatement insert =
                                                c.prepareStatement("INSERT INTO items (note) VALUES (?)")) {
                                            insert.setString(1, "concurrent");
                                            insert.executeUpdate();
                                        }
                                        try (Statement sleep = c.createStatement()) {
                                            sleep.execute("SELECT pg_sleep(0.02)");
                                        }
                                        return Response.status(201).json(Map.of("stored", true));
                                    }));
                });
        app.service().start();
        http = new Http(app.service());
    }

    static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM items")) {
            r.next();
            return r.getLong(1);
        }
    }

    static long count(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return count(c);
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.service().stop();
        }
    }

    @BeforeEach
    void poolIsAtRest() {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> hikari().getHikariPoolMXBean().getActiveConnections() == 0);
    }

    static HikariDataSource hikari() throws SQLException {
        return app.dataSource().unwrap(HikariDataSource.class);
    }

    /** Takes every connection with requests that wait on {@link #release}. */
    List<CompletableFuture<HttpResponse<String>>> exhaust() {
        release = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> holds = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            holds.add(http.getAsync("/hold"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> holding.get() == POOL);
        return holds;
    }

    @Test
    void exhaustedPoolIsA503ProblemWithRetryAfterWithinTheConnectionTimeout() throws Exception {
        double timeoutsBefore = timeouts();
        List<CompletableFuture<HttpResponse<String>>> holds = exhaust();

        long begin = System.nanoTime();
        HttpResponse<String> r = http.get("/count");
        long tookMillis = (System.nanoTime() - begin) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Http.json(r.body());
        assertThat(problem.path("type").asText()).isEqualTo("about:blank");
        assertThat(problem.path("title").asText()).isEqualTo("Service Unavailable");
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("detail").asText())
                .isEqualTo("No database connection is free right now; try again shortly.");
        assertThat(problem.path("correlationId").asText()).hasSize(32);
        assertThat(r.body()).doesNotContain("Connection is not available").doesNotContain("SQL");
        assertThat(tookMillis)
                .as("answered after the connection timeout, not the request timeout")
                .isBetween(CONNECTION_TIMEOUT.toMillis() - 100, CONNECTION_TIMEOUT.toMillis() + 1500);
        assertThat(timeouts()).isEqualTo(timeoutsBefore + 1);

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> hold : holds) {
            assertThat(hold.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(http.get("/count").statusCode()).isEqualTo(200);
    }

    @Test
    void exhaustionInsideTheTransactionHelperIsA503Too() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> holds = exhaust();
        try {
            HttpResponse<String> r = http.get("/tx-count");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(Http.json(r.body()).path("detail").asText())
                    .isEqualTo("No database connection is free right now; try again shortly.");
        } finally {
            release.countDown();
        }
        for (CompletableFuture<HttpResponse<String>> hold : holds) {
            assertThat(hold.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void hundredConcurrentRequestsOnAPoolOfTenAllSucceed() throws Exception {
        long before = count(app.dataSource());
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            responses.add(http.postAsync("/items"));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> r : responses) {
            statuses.add(r.get(30, TimeUnit.SECONDS).statusCode());
        }
        assertThat(statuses).hasSize(100).containsOnly(201);
        assertThat(count(app.dataSource())).isEqualTo(before + 100);
        assertThat(hikari().getMaximumPoolSize()).isEqualTo(POOL);
        // A connection retired under load is replaced in the background, so the total may dip
        // for a moment; the pool settles back at its size.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> hikari().getHikariPoolMXBean().getTotalConnections() == POOL);
    }

    @Test
    void poolMetersAreScrapedWithThePoolTag() throws Exception {
        assertThat(http.get("/count").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> hikari().getHikariPoolMXBean().getIdleConnections() == POOL);

        String text = http.get("/metrics").body();

        String pool = "pool=\"main\"";
        assertThat(Prometheus.sample(text, "hikaricp_connections", pool)).isEqualTo(POOL);
        assertThat(Prometheus.sample(text, "hikaricp_connections_active", pool)).isEqualTo(0);
        assertThat(Prometheus.sample(text, "hikaricp_connections_idle", pool)).isEqualTo(POOL);
        assertThat(Prometheus.sample(text, "hikaricp_connections_pending", pool))
                .isEqualTo(0);
        assertThat(Prometheus.sample(text, "hikaricp_connections_max", pool)).isEqualTo(POOL);
        assertThat(Prometheus.sample(text, "hikaricp_connections_min", pool)).isEqualTo(POOL);
        assertThat(Prometheus.sample(text, "hikaricp_connections_timeout_total", pool))
                .isGreaterThanOrEqualTo(0);
        assertThat(Prometheus.sample(text, "hikaricp_connections_acquire_seconds_count", pool))
                .isGreaterThanOrEqualTo(1);
        assertThat(Prometheus.sample(text, "hikaricp_connections_usage_seconds_count", pool))
                .isGreaterThanOrEqualTo(1);
        assertThat(Prometheus.sample(text, "hikaricp_connections_creation_seconds_count", pool))
                .isGreaterThanOrEqualTo(1);
        // The pool's meters are in the service's own registry, which names the service once.
        assertThat(text).containsPattern("(?m)^target_info\\{.*service_name=\"data-test\".*} 1$");
    }

    @Test
    void readinessShowsThePool() throws Exception {
        HttpResponse<String> r = http.get("/health/ready");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode check = Http.json(r.body()).path("components").path("db-main");
        assertThat(check.path("status").asText()).isEqualTo("UP");
        JsonNode details = check.path("details");
        assertThat(details.path("state").asText()).isEqualTo("ready");
        assertThat(details.path("database").asText()).startsWith(db.kind().equals("h2") ? "H2 " : "PostgreSQL ");
        assertThat(details.path("max").asInt()).isEqualTo(POOL);
        assertThat(details.path("total").asInt()).isEqualTo(POOL);
        assertThat(details.path("active").asInt()).isEqualTo(0);
        assertThat(details.path("waiting").asInt()).isEqualTo(0);
    }

    @Test
    void saturatedPoolStaysReady() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> holds = exhaust();
        try {
            HttpResponse<String> r = http.get("/health/ready");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode details =
                    Http.json(r.body()).path("components").path("db-main").path("details");
            assertThat(details.path("saturated").asBoolean()).isTrue();
            assertThat(details.path("active").asInt()).isEqualTo(POOL);
        } finally {
            release.countDown();
        }
        for (CompletableFuture<HttpResponse<String>> hold : holds) {
            hold.get(10, TimeUnit.SECONDS);
        }
    }

    static double timeouts() throws Exception {
        return Prometheus.sample(http.get("/metrics").body(), "hikaricp_connections_timeout_total", "pool=\"main\"");
    }
}
