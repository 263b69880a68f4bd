package dev.chassis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestResponse;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-route edge policy: rate limits, CORS, address lists, body size and the caller required. */
class EdgePolicyIT {
    static final RawUpstream raw = RawUpstream.started();

    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(GatewayService::create)
            .yaml("""
                    gateway:
                      routes:
                        - id: limited
                          path-prefix: /limited
                          url: "%1$s"
                          rate-limit: {capacity: 3, period: 1m, key: "header:X-Api-Key"}
                        - id: browser
                          path-prefix: /browser
                          url: "%1$s"
                          methods: [GET, PUT]
                          cors: {allowed-origins: ["https://app.example.com"], allowed-methods: [GET, PUT], max-age: 60s}
                        - {id: denied, path-prefix: /denied, url: "%1$s", deny: [127.0.0.0/8]}
                        - {id: allowed, path-prefix: /allowed, url: "%1$s", allow: ["10.0.0.0/8", "::1"]}
                        - {id: local, path-prefix: /local, url: "%1$s", allow: ["127.0.0.1"]}
                        - {id: small, path-prefix: /small, url: "%1$s", max-body-size: 8B}
                        - {id: private, path-prefix: /private, url: "%1$s", authenticated: true}
                    """.formatted(raw.url()))
            .build();

    @AfterAll
    static void stopRaw() throws IOException {
        raw.close();
    }

    @Test
    void aClientOverItsRateGets429WithRetryAfterAndRateLimitHeaders() {
        for (int i = 0; i < 3; i++) {
            TestResponse ok = app.client().get("/limited/x", "X-Api-Key", "alice");
            ok.assertStatus(200).assertHeader("RateLimit-Policy", "\"limited\";q=3;w=60");
            String remaining = "\"limited\";r=" + (2 - i) + ";t=";
            assertThat(ok.header("RateLimit"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith(remaining));
        }
        int before = raw.connections();
        TestResponse limited = app.client().get("/limited/x", "X-Api-Key", "alice", "X-Correlation-ID", "rl-1");
        limited.problem().hasStatus(429).hasDetail("route 'limited': more than 3 requests in 1m from this client");
        assertThat(limited.correlationId()).isEqualTo("rl-1");
        assertThat(limited.header("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 20));
        assertThat(limited.header("RateLimit"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("\"limited\";r=0;t="));
        assertThat(raw.connections()).isEqualTo(before);
        // Another API key has its own bucket.
        app.client().get("/limited/x", "X-Api-Key", "bob").assertStatus(200);
    }

    @Test
    void aPreflightIsAnsweredAtTheGatewayForAnAllowedOrigin() {
        int before = raw.connections();
        TestResponse r = app.client()
                .send(
                        "OPTIONS",
                        "/browser/items",
                        null,
                        "Origin",
                        "https://app.example.com",
                        "Access-Control-Request-Method",
                        "PUT",
                        "Access-Control-Request-Headers",
                        "content-type");
        r.assertStatus(204)
                .assertHeader("Access-Control-Allow-Origin", "https://app.example.com")
                .assertHeader("Access-Control-Allow-Methods", "GET, PUT")
                .assertHeader("Access-Control-Max-Age", "60");
        assertThat(raw.connections()).isEqualTo(before);
        app.client()
                .get("/browser/items", "Origin", "https://app.example.com")
                .assertStatus(200)
                .assertHeader("Access-Control-Allow-Origin", "https://app.example.com");
    }

    @Test
    void anotherOriginIsRefused() {
        app.client()
                .send(
                        "OPTIONS",
                        "/browser/items",
                        null,
                        "Origin",
                        "https://evil.example",
                        "Access-Control-Request-Method",
                        "PUT")
                .problem()
                .hasStatus(403)
                .hasDetail("route 'browser' does not accept requests from origin https://evil.example");
        app.client()
                .get("/browser/items", "Origin", "https://evil.example")
                .problem()
                .hasStatus(403);
        app.client()
                .send(
                        "OPTIONS",
                        "/browser/items",
                        null,
                        "Origin",
                        "https://app.example.com",
                        "Access-Control-Request-Method",
                        "DELETE")
                .problem()
                .hasStatus(404);
    }

    @Test
    void addressListsAreApplied() {
        app.client()
                .get("/denied/x")
                .problem()
                .hasStatus(403)
                .hasDetail("route 'denied' does not accept requests from this address");
        app.client().get("/allowed/x").problem().hasStatus(403);
        app.client().get("/local/x").assertStatus(200);
    }

    @Test
    void aLargeBodyIs413AndASmallOnePasses() {
        app.client()
                .post("/small/x", "123456789")
                .problem()
                .hasStatus(413)
                .hasDetail("route 'small' takes request bodies up to 8 bytes");
        app.client().post("/small/x", "12345678").assertStatus(200);
    }

    @Test
    void aRouteThatNeedsACallerRefusesAnonymousRequests() {
        app.client()
                .get("/private/x")
                .problem()
                .hasStatus(401)
                .hasDetail("route 'private' needs an authenticated caller");
    }

    @Test
    void aBadAddressBlockFailsStartUpNamingTheKey() {
        Config config = Config.builder().yaml("gateway.yaml", """
                        gateway:
                          routes:
                            - {id: a, path-prefix: /a, url: "http://127.0.0.1:9", deny: ["10.0.0.0/8", "10.0.0/33"]}
                        server: {port: 0, host: 127.0.0.1}
                        """).build();
        assertThatThrownBy(() -> GatewayService.create(config).start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.routes.0.deny.1")
                .hasMessageContaining("'10.0.0/33' (expected: an IP address or a CIDR block such as 10.0.0.0/8)");
    }
}
