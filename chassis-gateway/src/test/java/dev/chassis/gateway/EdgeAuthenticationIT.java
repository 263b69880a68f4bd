package dev.chassis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JWT at the edge: chassis-security verifies the token, the route requires a caller, the token goes on downstream. */
class EdgeAuthenticationIT {
    static final RawUpstream raw = RawUpstream.started();

    @RegisterExtension
    @Order(1)
    static final FakeAuthorizationServer issuer = FakeAuthorizationServer.start();

    @RegisterExtension
    @Order(2)
    static final ChassisExtension app = ChassisExtension.of(SecuredGatewayService::create)
            .config("security.jwt.issuer", issuer.issuer())
            .config("security.default-access", "public")
            .yaml("""
                    gateway:
                      routes:
                        - id: private
                          path-prefix: /private
                          url: "%1$s"
                          authenticated: true
                          rate-limit: {capacity: 2, period: 1m, key: principal}
                        - {id: open, path-prefix: /open, url: "%1$s"}
                    """.formatted(raw.url()))
            .build();

    @AfterAll
    static void stopRaw() throws IOException {
        raw.close();
    }

    @Test
    void aVerifiedCallerPassesAndItsTokenIsRelayed() {
        String token = issuer.token().subject("ada").sign();
        int seen = raw.received().length();
        app.client().get("/private/me", "Authorization", "Bearer " + token).assertStatus(200);
        assertThat(raw.received().substring(seen)).containsIgnoringCase("\r\nauthorization: Bearer " + token + "\r\n");
    }

    @Test
    void noTokenOrABadOneIsRefused() {
        int before = raw.connections();
        app.client().get("/private/me").problem().hasStatus(401);
        app.client()
                .get("/private/me", "Authorization", "Bearer not-a-token")
                .problem()
                .hasStatus(401);
        assertThat(raw.connections()).isEqualTo(before);
        app.client().get("/open/x").assertStatus(200);
    }

    @Test
    void theRateLimitCountsPerPrincipal() {
        String grace = issuer.token().subject("grace").sign();
        String again = issuer.token().subject("grace").sign();
        app.client().get("/private/a", "Authorization", "Bearer " + grace).assertStatus(200);
        app.client().get("/private/a", "Authorization", "Bearer " + again).assertStatus(200);
        app.client()
                .get("/private/a", "Authorization", "Bearer " + grace)
                .problem()
                .hasStatus(429);
        app.client()
                .get(
                        "/private/a",
                        "Authorization",
                        "Bearer " + issuer.token().subject("linus").sign())
                .assertStatus(200);
    }
}
