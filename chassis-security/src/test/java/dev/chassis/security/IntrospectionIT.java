package dev.chassis.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Opaque tokens read at the issuer's introspection endpoint (RFC 7662), next to JWTs. */
class IntrospectionIT {
    @RegisterExtension
    @Order(1)
    static final FakeAuthorizationServer issuer =
            FakeAuthorizationServer.start().client("accounts", "rs-secret");

    @RegisterExtension
    @Order(2)
    static final ChassisExtension app = ChassisExtension.of(SecuredService::create)
            .config("security.jwt.issuer", issuer.issuer())
            .config("security.introspection.uri", issuer.introspectionUri())
            .config("security.introspection.client-id", "accounts")
            .config("security.introspection.client-secret", "rs-secret")
            .build();

    @AfterEach
    void reset() {
        issuer.clearFaults().clearRequests();
    }

    @Test
    void activeOpaqueTokenIsAcceptedAndCachedForItsLifetime() {
        String token = issuer.opaqueToken("henry", Duration.ofMinutes(5), "accounts:write");
        app.client()
                .put("/accounts/3/debits", "{}", "Authorization", "Bearer " + token)
                .assertStatus(200);
        app.client()
                .get("/me", "Authorization", "Bearer " + token)
                .assertStatus(200)
                .assertJson("{\"clientId\":\"fake-client\",\"roles\":[],\"scopes\":[\"accounts:write\"],"
                        + "\"subject\":\"henry\",\"tenant\":\"-\"}");
        assertThat(issuer.requests("/introspect")).isEqualTo(1);
    }

    @Test
    void unknownOrExpiredOpaqueTokenIsRefused() {
        app.client()
                .get("/me", "Authorization", "Bearer opaque-never-issued")
                .assertStatus(401)
                .problem()
                .hasDetail("the token is not active");
        String stale = issuer.opaqueToken("ivy", Duration.ofSeconds(-1));
        app.client().get("/me", "Authorization", "Bearer " + stale).assertStatus(401);
    }

    @Test
    void jwtsAreStillVerifiedLocally() {
        app.client()
                .get("/me", "Authorization", "Bearer " + issuer.token().sign())
                .assertStatus(200);
        assertThat(issuer.requests("/introspect")).isZero();
    }

    @Test
    void introspectionEndpointDownIs503() {
        issuer.outage(true);
        app.client()
                .get("/me", "Authorization", "Bearer " + issuer.opaqueToken("jay", Duration.ofMinutes(1)))
                .assertStatus(503)
                .problem()
                .hasDetail("tokens cannot be checked now: the issuer's introspection endpoint is unavailable");
    }
}
