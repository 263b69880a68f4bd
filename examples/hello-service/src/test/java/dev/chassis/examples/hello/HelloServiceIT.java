package dev.chassis.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service on a real socket: health, info, metrics and correlated logs. */
class HelloServiceIT {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(
                    config -> DaggerHelloComponent.factory().create(config).service())
            .config("hello.greeting", "hi")
            .build();

    @Test
    void greetsWithTheConfiguredWord() {
        app.client().get("/hello/ann").assertStatus(200).assertJson("{\"message\":\"hi, ann\"}");
    }

    @Test
    void isReadyAndSaysWhoItIs() {
        app.client().get("/health/ready").assertStatus(200);
        assertThat(app.client().get("/info").tree().path("name").asText()).isEqualTo("hello-service");
    }

    @Test
    void everyLogEventOfARequestCarriesItsIds() {
        TestResponse r = app.client().get("/hello/bob", "X-Correlation-ID", "hello-it-1");
        app.logs().assertCorrelated(r);
        assertThat(r.correlationId()).isEqualTo("hello-it-1");
    }

    @Test
    void countsRequestsByRouteTemplate() {
        app.client().get("/hello/one");
        app.client().get("/hello/two");
        org.awaitility.Awaitility.await()
                .until(() -> app.metrics()
                                .timerCount(
                                        "http.server.request.duration",
                                        "http.route",
                                        "/hello/{name}",
                                        "http.response.status_code",
                                        "200")
                        >= 2);
        assertThat(app.client().get("/metrics").body()).contains("http_route=\"/hello/{name}\"");
    }
}
