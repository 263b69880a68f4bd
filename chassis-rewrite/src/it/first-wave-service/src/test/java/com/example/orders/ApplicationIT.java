package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service on a socket, with its pricing downstream faked by WireMock. */
class ApplicationIT {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(
                    c -> DaggerApplicationComponent.factory().create(c).service())
            .downstream("pricing")
            .build();

    private Item addBolt() {
        return app.client()
                .post("/items", Map.of("name", "bolt", "quantity", 3))
                .assertStatus(201)
                .json(Item.class);
    }

    @Test
    void pricesAnItemThroughThePricingService() {
        app.downstream("pricing").stubJson("GET", "/prices/bolt", 200, "{\"name\":\"bolt\",\"cents\":45}");
        Item bolt = addBolt();
        TestResponse r = app.client().get("/items/" + bolt.id() + "/price").assertStatus(200);
        r.assertJson("{\"name\":\"bolt\",\"cents\":45}");
        String traceId = app.logs()
                .await(e -> e.logger().equals("access") && e.correlationId().equals(r.correlationId()))
                .get(0)
                .traceId();
        app.downstream("pricing").assertReceivedContext(r.correlationId(), traceId);
    }

    @Test
    void answers503WhenPricingIsDown() {
        app.downstream("pricing").failNext(10, 503);
        Item bolt = addBolt();
        app.client()
                .get("/items/" + bolt.id() + "/price")
                .assertStatus(503)
                .assertHeader("Retry-After", "5")
                .problem()
                .hasDetail("prices are unavailable right now");
        app.downstream("pricing").clearFaults();
    }

    @Test
    void everyLogEventOfARequestCarriesItsIds() {
        TestResponse r = app.client()
                .post("/items", Map.of("name", "nut", "quantity", 1))
                .assertStatus(201);
        app.logs().assertCorrelated(r);
        assertThat(app.logs()
                        .await(e -> e.message().startsWith("added item"))
                        .get(0)
                        .correlationId())
                .isEqualTo(r.correlationId());
    }

    @Test
    void servesHealthInfoAndMetrics() {
        app.client().get("/health/ready").assertStatus(200);
        assertThat(app.client().get("/info").tree().path("name").asText()).isEqualTo("orders-service");
        assertThat(app.client().get("/metrics").body()).contains("http_server_request_duration_seconds");
    }
}
