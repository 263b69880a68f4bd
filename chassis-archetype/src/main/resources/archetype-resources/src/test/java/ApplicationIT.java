package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
#if( $security == "jwt" )
import dev.chassis.testkit.security.FakeAuthorizationServer;
import org.junit.jupiter.api.Order;
#end

/** The service on a socket, with its pricing downstream faked by WireMock. */
class ApplicationIT {
#if( $security == "jwt" )
    @RegisterExtension
    @Order(1)
    static final FakeAuthorizationServer issuer = FakeAuthorizationServer.start();

    /** A caller's token that may add items. */
    private static final String[] AUTH = {"Authorization", "Bearer " + issuer.token().scope(ItemRoutes.WRITE).sign()};

    @RegisterExtension
    @Order(2)
    static final ChassisExtension app = ChassisExtension.of(c -> DaggerApplicationComponent.factory().create(c).service())
            .config("security.jwt.issuer", issuer.issuer())
            .config("security.jwt.audience", FakeAuthorizationServer.AUDIENCE)
#else
    private static final String[] AUTH = {};

    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(c -> DaggerApplicationComponent.factory().create(c).service())
#end
#if( $database == "postgres" )
            .config("data.sources.main.url", "jdbc:h2:mem:items-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
#end
#if( $discovery == "consul" )
            .fakeConsul()
#end
            .downstream("pricing")
            .build();

    private Item addBolt() {
        return app.client().post("/items", Map.of("name", "bolt", "quantity", 3), AUTH).assertStatus(201).json(Item.class);
    }

    @Test
    void pricesAnItemThroughThePricingService() {
        app.downstream("pricing").stubJson("GET", "/prices/bolt", 200, "{\"name\":\"bolt\",\"cents\":45}");
        Item bolt = addBolt();
        TestResponse r = app.client().get("/items/" + bolt.id() + "/price", AUTH).assertStatus(200);
        r.assertJson("{\"name\":\"bolt\",\"cents\":45}");
        String traceId = app.logs().await(e -> e.logger().equals("access") && e.correlationId().equals(r.correlationId()))
                .get(0)
                .traceId();
        app.downstream("pricing").assertReceivedContext(r.correlationId(), traceId);
    }

    @Test
    void answers503WhenPricingIsDown() {
        app.downstream("pricing").failNext(10, 503);
        Item bolt = addBolt();
        app.client()
                .get("/items/" + bolt.id() + "/price", AUTH)
                .assertStatus(503)
                .assertHeader("Retry-After", "5")
                .problem()
                .hasDetail("prices are unavailable right now");
        app.downstream("pricing").clearFaults();
    }

    @Test
    void everyLogEventOfARequestCarriesItsIds() {
        TestResponse r = app.client().post("/items", Map.of("name", "nut", "quantity", 1), AUTH).assertStatus(201);
        app.logs().assertCorrelated(r);
        assertThat(app.logs().await(e -> e.message().startsWith("added item")).get(0).correlationId())
                .isEqualTo(r.correlationId());
    }

    @Test
    void servesHealthInfoAndMetrics() {
        app.client().get("/health/ready", AUTH).assertStatus(200);
        assertThat(app.client().get("/info", AUTH).tree().path("name").asText()).isEqualTo("${artifactId}");
        assertThat(app.client().get("/metrics", AUTH).body()).contains("http_server_request_duration_seconds");
    }
#if( $discovery == "consul" )

    @Test
    void registersInConsulWithACheck() {
        String id = "${artifactId}-127.0.0.1-" + app.port();
        org.awaitility.Awaitility.await().until(() -> app.consul().service(id).isPresent());
        assertThat(app.consul().service(id).orElseThrow().name()).isEqualTo("${artifactId}");
        dev.chassis.testkit.consul.model.CheckState check = app.consul().checks().get("service:" + id);
        assertThat(check.type()).isEqualTo("http");
        assertThat(check.target()).isEqualTo("http://127.0.0.1:" + app.port() + "/health/ready");
        assertThat(check.deregisterCriticalServiceAfter()).isEqualTo(java.time.Duration.ofMinutes(3));
    }
#end
}
