package dev.chassis.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.security.auth.Access;
import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestResponse;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each route's declared {@link Access}, the default, and the admin routes on the main port. */
class AuthorizationIT {
    @RegisterExtension
    @Order(1)
    static final FakeAuthorizationServer issuer = FakeAuthorizationServer.start();

    @RegisterExtension
    @Order(2)
    static final ChassisExtension app = ChassisExtension.of(SecuredService::create)
            .config("security.jwt.issuer", issuer.issuer())
            .config("security.jwt.audience", FakeAuthorizationServer.AUDIENCE)
            .build();

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    @Test
    void routeWithoutADeclarationNeedsAValidToken() {
        app.client().get("/me").assertStatus(401).assertHeader("WWW-Authenticate", "Bearer");
        app.client().get("/me", bearer(issuer.token().sign())).assertStatus(200);
    }

    @Test
    void unknownPathsAreAnsweredOnlyToAuthenticatedCallers() {
        app.client().get("/nowhere").assertStatus(401);
        app.client().get("/nowhere", bearer(issuer.token().sign())).assertStatus(404);
    }

    @Test
    void publicRouteNeedsNoTokenAndStillNamesACaller() {
        app.client().get("/public").assertStatus(200).assertJson("{\"caller\":\"anonymous\"}");
        app.client()
                .get("/public", bearer(issuer.token().subject("gina").sign()))
                .assertStatus(200)
                .assertJson("{\"caller\":\"gina\"}");
        app.client()
                .get(
                        "/public",
                        bearer(issuer.token()
                                .expiredAgo(java.time.Duration.ofHours(1))
                                .sign()))
                .assertStatus(200)
                .assertJson("{\"caller\":\"anonymous\"}");
    }

    @Test
    void tokenWithoutTheScopeIs403InsufficientScope() {
        double before = app.metrics().counter("security.access.denied");
        TestResponse r = app.client()
                .put(
                        "/accounts/7/debits",
                        "{}",
                        bearer(issuer.token().scope("accounts:read").sign()));
        r.assertStatus(403)
                .assertHeader(
                        "WWW-Authenticate",
                        "Bearer error=\"insufficient_scope\", error_description=\"the token lacks the scope this route"
                                + " requires: accounts:write\", scope=\"accounts:write\"");
        r.problem().hasStatus(403).hasTitle("Forbidden");
        assertThat(app.metrics().counter("security.access.denied")).isEqualTo(before + 1);
        app.client().put("/accounts/7/debits", "{}").assertStatus(401);
    }

    @Test
    void tokenWithTheScopeIsLetThrough() {
        app.client()
                .put(
                        "/accounts/7/debits",
                        "{}",
                        bearer(issuer.token().scope("accounts:write").sign()))
                .assertStatus(200)
                .assertJson("{\"debited\":true}");
    }

    @Test
    void innerDeclarationReplacesTheGroupsAndCombinesRoleAndScope() {
        String writer = issuer.token().scope("accounts:write").sign();
        String teller = issuer.token()
                .scope("accounts:write")
                .claim("roles", List.of("teller"))
                .sign();
        app.client().delete("/accounts/7/debits", bearer(writer)).assertStatus(403);
        app.client()
                .delete("/accounts/7/debits", bearer(teller))
                .assertStatus(200)
                .assertJson("{\"reversed\":true}");
    }

    @Test
    void predicateOverTheCallerDecides() {
        app.client().get("/tenant", bearer(issuer.token().sign())).assertStatus(403);
        app.client()
                .get("/tenant", bearer(issuer.token().claim("tenant", "acme").sign()))
                .assertStatus(200)
                .assertJson("{\"tenant\":\"acme\"}");
    }

    @Test
    void healthIsOpenOnTheMainPortButInfoAndMetricsNeedAToken() {
        app.client().get("/health/ready").assertStatus(200);
        app.client().get("/health/live").assertStatus(200);
        app.client().get("/info").assertStatus(401);
        app.client().get("/metrics").assertStatus(401);
        app.client().get("/admin/config").assertStatus(401);
        app.client().get("/admin/threaddump").assertStatus(401);
        app.client().get("/admin/loggers").assertStatus(401);
        app.client().get("/admin/status").assertStatus(401);
        app.client().get("/admin/status/snapshot").assertStatus(401);
        String token = issuer.token().sign();
        app.client().get("/info", bearer(token)).assertStatus(200);
        app.client().get("/admin/config", bearer(token)).assertStatus(200);
        app.client().get("/admin/status", bearer(token)).assertStatus(200);
        app.client().get("/admin/status/snapshot", bearer(token)).assertStatus(200);
        assertThat(app.client().get("/metrics", bearer(token)).body()).contains("security_tokens_total");
    }
}
