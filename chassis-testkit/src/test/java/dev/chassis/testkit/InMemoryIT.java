package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same assertions without a socket. */
class InMemoryIT {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(SampleService::of)
            .withoutApplicationYaml()
            .inMemory()
            .build();

    @Test
    void routesAreExercisedWithoutAPort() {
        assertThat(app.port()).isEqualTo(-1);
        app.client().get("/hello/mem").assertStatus(200).assertJson("{\"message\":\"hello, mem\"}");
        app.client()
                .post("/echo", new SampleService.Echo("", 1))
                .assertStatus(400)
                .problem()
                .hasErrors("/message: must not be blank");
        app.client().get("/health/ready").assertStatus(200);
        app.client().get("/nope").assertStatus(404).problem().hasDetail("no route for GET /nope");
    }

    @Test
    void theInMemoryPathHasTheServersLimitsAndFilters() {
        TestResponse r =
                app.client().get("/hello/x", "X-Correlation-ID", "mem-1").assertStatus(200);
        assertThat(r.correlationId()).isEqualTo("mem-1");
        app.logs().assertCorrelated(r);
        app.client().send("POST", "/echo", "{}", "Content-Type", "text/plain").assertStatus(415);
    }
}
