package dev.chassis.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chassis.core.Service;
import dev.chassis.core.common.ChassisException;
import dev.chassis.core.config.Config;
import dev.chassis.core.lifecycle.ServiceState;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The database down when the service starts, in both start modes, and migrations failing, with a
 * {@link TcpProxy} playing the database's absence. Run against H2 (served over TCP) and PostgreSQL.
 */
abstract class StartModesContract {
    private TestDatabase db;
    private TcpProxy proxy;
    private TestService app;
    private LogRecorder logs;

    abstract TestDatabase database(String name);

    /** A database of its own for each test: a failed migration stays in Flyway's history. */
    @BeforeEach
    void setUp(TestInfo test) throws Exception {
        db = database("start_" + test.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT));
        proxy = TcpProxy.to(db.port(), false);
        logs = LogRecorder.attachAll();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.service().stop();
        }
        // Null when the database was not reachable and the test was skipped in setUp.
        if (proxy != null) {
            proxy.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private TestService service(String url, String more) {
        String yaml = "data:\n  sources:\n    main: {url: '" + url + "', user: '" + db.user() + "', password: '"
                + "${DB_PASSWORD}', " + more + "}\n";
        Config config = Config.builder()
                .yaml(
                        "defaults for tests",
                        "service: {name: start-test}\nserver: {host: 127.0.0.1, port: 0}\n"
                                + "lifecycle: {propagation-delay: 0s}\nobservability: {access-log: {enabled: false}}\n")
                .yaml("test", yaml)
                .substitutionVariables(Map.of("DB_PASSWORD", db.password()))
                .build();
        Function<DataSources, dev.chassis.core.http.Routes> routes = sources -> routing -> {
            DataSource ds = sources.get(DataSources.DEFAULT);
            routing.get("/marks", request -> {
                try (Connection c = ds.getConnection();
                        Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT count(*) FROM marks")) {
                    r.next();
                    return Map.of("marks", r.getLong(1));
                }
            });
        };
        app = DaggerTestService.factory().create(config, routes);
        return app;
    }

    @Test
    void failFastStartFailsWithTheReasonAndNoSecret() {
        String url =
                db.urlVia(proxy.port()) + (db.kind().equals("h2") ? ";PASSWORD=url-secret" : "&password=url-secret");
        Service service = service(url, "start-mode: fail-fast, connection-timeout: 1s, validation-timeout: 500ms")
                .service();

        long begin = System.nanoTime();
        assertThatThrownBy(service::start)
                .isInstanceOf(ChassisException.class)
                .hasMessageStartingWith("data source 'main' cannot connect to " + db.urlVia(proxy.port()))
                .hasMessageContaining(db.kind().equals("h2") ? ";PASSWORD=******: " : "&password=******: ")
                .hasMessageEndingWith("(data.sources.main.start-mode is fail-fast; 'retry' starts the service not"
                        + " ready and keeps trying)")
                .hasMessageNotContaining("url-secret");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
        assertThat(service.state()).isEqualTo(ServiceState.FAILED);
        assertThat(logs.text()).doesNotContain("url-secret");
        app = null;
    }

    @Test
    void retryStartsNotReadyAndTurnsReadyOnceTheDatabaseIsUpAndMigrated() throws Exception {
        Service service = service(
                        db.urlVia(proxy.port()),
                        "start-mode: retry, start-retry-backoff: 100ms, start-retry-max-backoff: 400ms,"
                                + " connection-timeout: 500ms, validation-timeout: 250ms,"
                                + " migrations: {locations: ['classpath:db/start-modes']}")
                .service();
        Http http = new Http(service);

        long begin = System.nanoTime();
        service.start();
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(3));
        assertThat(service.isReady()).as("the service itself started").isTrue();

        HttpResponse<String> notReady = http.get("/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        JsonNode check = Http.json(notReady.body()).path("components").path("db-main");
        assertThat(check.path("status").asText()).isEqualTo("DOWN");
        assertThat(check.path("details").path("state").asText()).isEqualTo("connecting");
        assertThat(check.path("details").path("max").asInt()).isEqualTo(10);

        HttpResponse<String> request = http.get("/marks");
        assertThat(request.statusCode()).isEqualTo(503);
        assertThat(request.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Http.json(request.body()).path("detail").asText())
                .isEqualTo("No database connection is free right now; try again shortly.");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> Http.json(http.get("/health/ready").body())
                        .path("components")
                        .path("db-main")
                        .path("details")
                        .path("reason")
                        .asText()
                        .startsWith("cannot connect: "));
        assertThat(logs.matching(e -> e.getFormattedMessage().startsWith("data source main is not ready (attempt ")))
                .isNotEmpty();

        proxy.up();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> http.get("/health/ready").statusCode() == 200);
        HttpResponse<String> marks = http.get("/marks");
        assertThat(marks.statusCode()).isEqualTo(200);
        assertThat(marks.body()).isEqualTo("{\"marks\":1}");
        assertThat(Http.json(http.get("/health/ready").body())
                        .path("components")
                        .path("db-main")
                        .path("details")
                        .path("state")
                        .asText())
                .isEqualTo("ready");
    }

    @Test
    void failingMigrationFailsAFailFastStartNamingTheMigration() throws Exception {
        proxy.up();
        Service service = service(
                        db.urlVia(proxy.port()),
                        "start-mode: fail-fast, migrations: {locations: ['classpath:db/broken']}")
                .service();

        assertThatThrownBy(service::start)
                .isInstanceOf(ChassisException.class)
                .hasMessageStartingWith(
                        "data source 'main' at " + db.urlVia(proxy.port()) + " failed to start: migration failed: ")
                .hasMessageContaining("V2__broken.sql");
        assertThat(service.state()).isEqualTo(ServiceState.FAILED);
        // The first migration is in; the broken one left nothing behind.
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM fine")) {
            r.next();
            assertThat(r.getLong(1)).isZero();
        }
        app = null;
    }

    @Test
    void failingMigrationKeepsARetryingSourceNotReady() throws Exception {
        proxy.up();
        Service service = service(
                        db.urlVia(proxy.port()),
                        "start-mode: retry, start-retry-backoff: 100ms, start-retry-max-backoff: 200ms,"
                                + " migrations: {locations: ['classpath:db/broken']}")
                .service();
        Http http = new Http(service);
        service.start();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> Http.json(http.get("/health/ready").body())
                        .path("components")
                        .path("db-main")
                        .path("details")
                        .path("reason")
                        .asText()
                        .startsWith("migration failed: "));
        assertThat(http.get("/health/ready").statusCode()).isEqualTo(503);
    }
}
