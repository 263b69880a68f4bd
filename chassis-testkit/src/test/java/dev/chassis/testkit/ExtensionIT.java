package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension with a service on a socket: client, problems, logs, metrics, traces, downstreams. */
class ExtensionIT {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(SampleService::of)
            .withoutApplicationYaml()
            .config("service.name", "sample")
            .config("clients.accounts.response-timeout", "500ms")
            .downstream("accounts")
            .build();

    @Test
    void startsOnAnEphemeralPortWithTheOverrides() {
        assertThat(app.port()).isPositive().isNotEqualTo(8080);
        assertThat(app.config()
                        .get(dev.chassis.core.config.ServiceConfig.SECTION)
                        .name())
                .isEqualTo("sample");
        app.client().get("/health/ready").assertStatus(200);
    }

    @Test
    void clientReadsJsonAndAssertsBodies() {
        TestResponse r = app.client().get("/hello/ann").assertStatus(200).assertJson("{\"message\": \"hello, ann\"}");
        assertThat(r.json(SampleService.Greeting.class)).isEqualTo(new SampleService.Greeting("hello, ann"));
        assertThatThrownBy(() -> r.assertStatus(201))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("status");
        assertThatThrownBy(() -> r.assertJson("{\"message\":\"other\"}")).isInstanceOf(AssertionError.class);
    }

    @Test
    void problemAssertionsCheckStatusDetailAndErrors() {
        ProblemAssert p = app.client()
                .post("/echo", new SampleService.Echo(" ", 11))
                .assertStatus(400)
                .problem()
                .hasStatus(400)
                .hasType("about:blank")
                .hasDetail("2 fields are invalid")
                .hasErrors("/message: must not be blank", "/times: must be between 1 and 10")
                .hasError("/times", "must be between 1 and 10");
        assertThat(p.correlationId()).isNotEmpty();
        assertThatThrownBy(() -> p.hasError("/message", "is fine")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> p.hasDetail("another")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> p.hasType("https://problems.example/other")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> app.client().get("/hello/x").problem()).isInstanceOf(AssertionError.class);
    }

    @Test
    void logsAreCapturedAsJsonAndCorrelated() {
        TestResponse r = app.client().get("/hello/bob", "X-Correlation-ID", "kit-1");
        app.logs().assertCorrelated(r);
        LogEvent greeting =
                app.logs().await(e -> e.message().equals("greeting bob")).get(0);
        assertThat(greeting.correlationId()).isEqualTo("kit-1");
        assertThat(greeting.field("service")).isEqualTo("sample");
    }

    @Test
    void correlationAssertionFailsWhenAnEventLostItsContext() {
        TestResponse r = app.client().get("/forgets-context");
        app.logs().await(e -> e.message().equals("lost my context"));
        assertThatThrownBy(() -> app.logs().assertCorrelated(r))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("lost my context");
    }

    @Test
    void correlationAssertionFailsWhenATeamsOwnExecutorLostTheId() {
        TestResponse r = app.client().get("/team-executor");
        app.logs().await(e -> e.message().equals("lost on the team's executor"));
        assertThatThrownBy(() -> app.logs().assertCorrelated(r))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("lost on the team's executor")
                .hasMessageContaining("orders-pool-1");
    }

    @Test
    void metricsAreReadFromTheServicesRegistry() {
        long before = app.metrics().timerCount("http.server.request.duration", "http.route", "/hello/{name}");
        app.client().get("/hello/c");
        app.client().get("/hello/d");
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(2))
                .until(() -> app.metrics().timerCount("http.server.request.duration", "http.route", "/hello/{name}")
                        == before + 2);
        assertThat(app.metrics().gauge("http.server.open_connections")).isGreaterThanOrEqualTo(0);
        assertThat(app.metrics().exists("nope.nothing")).isFalse();
    }

    @Test
    void downstreamIsReachedByNameAndSeesTheRequestsContext() {
        app.downstream("accounts").stubJson("GET", "/accounts/7", 200, "{\"id\":\"7\",\"balance\":10}");
        TestResponse r = app.client()
                .get(
                        "/accounts/7",
                        "X-Correlation-ID",
                        "kit-2",
                        "traceparent",
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .assertStatus(200)
                .assertJson("{\"id\":\"7\",\"balance\":10}");
        app.downstream("accounts").assertReceivedContext("kit-2", "4bf92f3577b34da6a3ce929d0e0e4736");
        assertThatThrownBy(() ->
                        app.downstream("accounts").assertReceivedContext("other", "4bf92f3577b34da6a3ce929d0e0e4736"))
                .isInstanceOf(AssertionError.class);
        Span server = app.traces()
                .await(s -> s.kind().equals("SERVER")
                        && s.name().equals("GET /accounts/{id}")
                        && s.traceId().equals("4bf92f3577b34da6a3ce929d0e0e4736"));
        Span client =
                app.traces().await(s -> s.kind().equals("CLIENT") && s.traceId().equals(server.traceId()));
        app.traces().assertChild(client, server);
        assertThatThrownBy(() -> app.traces().assertChild(server, client)).isInstanceOf(AssertionError.class);
        assertThat(r.correlationId()).isEqualTo("kit-2");
    }

    @Test
    void faultHelpersShapeWhatTheDownstreamAnswers() {
        Downstream accounts = app.downstream("accounts");
        accounts.stubJson("GET", "/accounts/1", 200, "{\"id\":\"1\",\"balance\":1}");
        accounts.failNext(2, 503);
        app.client().get("/accounts/1").assertStatus(502).problem().hasDetail("accounts answered 503");
        app.client().get("/accounts/1").assertStatus(502);
        app.client().get("/accounts/1").assertStatus(200);

        accounts.tooManyRequests("GET", "/accounts/2", 3);
        app.client().get("/accounts/2").assertStatus(502).problem().hasDetail("accounts answered 429");

        accounts.reset("GET", "/accounts/3");
        app.client()
                .get("/accounts/3")
                .assertStatus(502)
                .problem()
                .hasDetail("accounts failed: ClientConnectException");

        accounts.delay("GET", "/accounts/4", Duration.ofSeconds(2), 200, "{\"id\":\"4\",\"balance\":4}");
        long start = System.nanoTime();
        app.client()
                .get("/accounts/4")
                .assertStatus(502)
                .problem()
                .hasDetail("accounts failed: ClientTimeoutException");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500);

        accounts.clearFaults();
        accounts.stubJson("GET", "/accounts/4", 200, "{\"id\":\"4\",\"balance\":4}");
        app.client().get("/accounts/4").assertStatus(200);
    }
}
