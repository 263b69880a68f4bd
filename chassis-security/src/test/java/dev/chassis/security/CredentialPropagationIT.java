package dev.chassis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.LogEvent;
import dev.chassis.testkit.TestResponse;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Outbound calls carry the caller's token or the service's own, as {@code clients.<name>.auth} says. */
class CredentialPropagationIT {
    private static final String SECRET = "s3cr3t-of-transfers";

    @RegisterExtension
    @Order(1)
    static final FakeAuthorizationServer issuer =
            FakeAuthorizationServer.start().client("transfers", SECRET, "accounts:write", "audit:read");

    @RegisterExtension
    @Order(2)
    final ChassisExtension app = ChassisExtension.of(SecuredService::create)
            .config("security.jwt.issuer", issuer.issuer())
            .config("security.client-credentials.client-id", "transfers")
            .config("security.client-credentials.client-secret", SECRET)
            .config("security.client-credentials.scope", "accounts:write")
            .config("security.client-credentials.refresh-before", "2s")
            .downstream("ledger")
            .downstream("vault")
            .downstream("archive")
            .config("clients.ledger.auth", "relay")
            .config("clients.vault.auth", "client-credentials")
            .config("clients.archive.auth", "relay-or-client-credentials")
            .build();

    @BeforeEach
    void stubs() {
        for (String name : List.of("ledger", "vault", "archive")) {
            app.downstream(name).stubJson("GET", "/seen", 200, "{\"ok\":true}");
        }
        issuer.clearRequests();
    }

    @AfterEach
    void reset() {
        issuer.clearFaults().tokenDelay(Duration.ZERO).tokenLifetime(Duration.ofMinutes(5));
    }

    private static String authorizationSeenBy(ChassisExtension app, String downstream) {
        List<LoggedRequest> requests = app.downstream(downstream).requests();
        return requests.get(requests.size() - 1).getHeader("Authorization");
    }

    @Test
    void relayCarriesTheCallersToken() {
        String token = issuer.token().subject("alice").sign();
        app.client().get("/call/ledger", "Authorization", "Bearer " + token).assertStatus(200);
        assertThat(authorizationSeenBy(app, "ledger")).isEqualTo("Bearer " + token);
        assertThat(app.metrics().counter("security.client.credentials", "downstream", "ledger", "mode", "relay"))
                .isEqualTo(1);
        dev.chassis.testkit.Span client = app.traces()
                .await(s -> s.kind().equals("CLIENT")
                        && "ledger".equals(s.attributes().get("peer.service")));
        assertThat(client.attributes()).containsEntry("chassis.client.auth", "relay");
        assertThat(client.attributes().values()).noneMatch(v -> v.contains(token));
    }

    @Test
    void relayWithoutACallerFailsTheCallBeforeItIsSent() {
        assertThat(app.client().get("/anonymous-call/ledger").assertStatus(502).body())
                .isEqualTo("ClientCredentialsException: ledger: no caller's token to relay: the call is not made"
                        + " while handling an authenticated request (clients.ledger.auth: relay)");
        assertThat(app.downstream("ledger").requestCount()).isZero();
    }

    @Test
    void clientCredentialsCarryTheServicesOwnToken() {
        app.client()
                .get("/call/vault", "Authorization", "Bearer " + issuer.token().sign())
                .assertStatus(200);
        String sent = authorizationSeenBy(app, "vault");
        assertThat(sent).startsWith("Bearer ey");
        TestResponse asService = app.client().get("/me", "Authorization", sent).assertStatus(200);
        assertThat(asService.tree().path("subject").asText()).isEqualTo("transfers");
        assertThat(asService.tree().path("scopes").toString()).isEqualTo("[\"accounts:write\"]");
        assertThat(app.metrics()
                        .counter("security.client.credentials", "downstream", "vault", "mode", "client-credentials"))
                .isEqualTo(1);
    }

    @Test
    void relayOrClientCredentialsTakesTheServicesTokenWithoutACaller() {
        String token = issuer.token().subject("alice").sign();
        app.client().get("/call/archive", "Authorization", "Bearer " + token).assertStatus(200);
        assertThat(authorizationSeenBy(app, "archive")).isEqualTo("Bearer " + token);
        app.client().get("/anonymous-call/archive").assertStatus(200);
        assertThat(authorizationSeenBy(app, "archive")).startsWith("Bearer ey").isNotEqualTo("Bearer " + token);
    }

    @Test
    void aBurstOfCallsMakesOneTokenRequest() throws Exception {
        issuer.tokenDelay(Duration.ofMillis(300));
        String caller = issuer.token().sign();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<TestResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit(() -> app.client().get("/call/vault", "Authorization", "Bearer " + caller)));
            }
            for (Future<TestResponse> call : calls) {
                call.get().assertStatus(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(issuer.requests("/token")).isEqualTo(1);
        assertThat(app.downstream("vault").requestCount()).isEqualTo(16);
    }

    @Test
    void tokenIsRenewedBeforeItExpiresWhileTheOldOneServes() {
        issuer.tokenLifetime(Duration.ofSeconds(3));
        String caller = issuer.token().sign();
        app.client().get("/call/vault", "Authorization", "Bearer " + caller).assertStatus(200);
        String first = authorizationSeenBy(app, "vault");
        assertThat(issuer.requests("/token")).isEqualTo(1);
        // Renewed 1.5 s in (half of a 3 s life: refresh-before is 2 s), not at expiry.
        await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    app.client()
                            .get("/call/vault", "Authorization", "Bearer " + caller)
                            .assertStatus(200);
                    assertThat(authorizationSeenBy(app, "vault")).isNotEqualTo(first);
                });
        assertThat(issuer.requests("/token")).isEqualTo(2);
    }

    @Test
    void refusedTokenEndpointIsAClearClientException() {
        issuer.tokenAnswers(
                401, "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}");
        assertThat(app.client()
                        .get(
                                "/call/vault",
                                "Authorization",
                                "Bearer " + issuer.token().sign())
                        .assertStatus(502)
                        .body())
                .isEqualTo("ClientCredentialsException: vault: the token endpoint refused client transfers with 401"
                        + " invalid_client (client authentication failed)");
        assertThat(app.downstream("vault").requestCount()).isZero();
        assertThat(app.metrics().counter("security.token.requests", "outcome", "failure"))
                .isEqualTo(1);
        for (LogEvent e : app.logs().events()) {
            assertThat(e.toString()).doesNotContain(SECRET);
        }
    }
}
