package dev.chassis.examples.transfers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jwt.SignedJWT;
import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which token reaches accounts-service: the caller's, relayed, while a transfer request runs; the
 * service's own (client credentials) for the recovery pass, or for everything when configured so.
 */
class CredentialsTest {
    private static Map<String, Object> body() {
        return Map.of("fromAccount", "alice", "toAccount", "bob", "amountCents", 7);
    }

    private static String subjectOf(LoggedRequest request) throws Exception {
        String header = request.getHeader("Authorization");
        assertThat(header).startsWith("Bearer ");
        return SignedJWT.parse(header.substring(7)).getJWTClaimsSet().getSubject();
    }

    @Nested
    class AsConfigured {
        @RegisterExtension
        final ChassisExtension app = TestIssuer.secured(ChassisExtension.of(
                        c -> DaggerTransfersComponent.factory().create(c).service()))
                .config("discovery.consul.enabled", false)
                .config("transfers.recovery-interval", "200ms")
                .config("resilience.accounts-service.circuit-breaker.delay", "1s")
                .downstream("accounts-service")
                .build();

        @Test
        void aTransferRequestRelaysTheCallersToken() {
            AccountsStubs accounts = new AccountsStubs(app.downstream("accounts-service")).healthy();
            TestIssuer.client(app)
                    .post(
                            "/transfers",
                            body(),
                            "Idempotency-Key",
                            UUID.randomUUID().toString())
                    .assertStatus(201);
            assertThat(accounts.requests())
                    .hasSize(2)
                    .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TestIssuer.CALLER));
        }

        @Test
        void aTransferWithoutATokenIsRefusedBeforeAnyMoneyMoves() {
            AccountsStubs accounts = new AccountsStubs(app.downstream("accounts-service")).healthy();
            TestResponse r = app.client()
                    .post(
                            "/transfers",
                            body(),
                            "Idempotency-Key",
                            UUID.randomUUID().toString());
            r.assertStatus(401).assertHeader("WWW-Authenticate", "Bearer");
            assertThat(accounts.received()).isEmpty();
        }

        @Test
        void theRecoveryPassUsesTheServicesOwnToken() throws Exception {
            AccountsStubs accounts = new AccountsStubs(app.downstream("accounts-service"));
            // The credit and every undo fail while the request runs: the recovery pass must undo it.
            accounts.healthy().answer("PUT", "/accounts/bob/credits/.+", 503).answer("DELETE", "/accounts/.+", 503);
            TestIssuer.client(app)
                    .post(
                            "/transfers",
                            body(),
                            "Idempotency-Key",
                            UUID.randomUUID().toString())
                    .assertStatus(503)
                    .problem()
                    .hasDetailContaining("is being undone");
            accounts.healthy();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(accounts.received())
                            .anyMatch(r -> r.startsWith("DELETE /accounts/alice/debits/")));
            List<LoggedRequest> undo = accounts.requests().stream()
                    .filter(r -> r.getMethod().getName().equals("DELETE"))
                    .toList();
            for (LoggedRequest r : undo) {
                assertThat(subjectOf(r)).isEqualTo("transfers-service");
            }
            assertThat(app.metrics()
                            .counter(
                                    "security.client.credentials",
                                    "downstream",
                                    "accounts-service",
                                    "mode",
                                    "client-credentials"))
                    .isGreaterThanOrEqualTo(undo.size());
        }
    }

    @Nested
    class ClientCredentialsOnly {
        @RegisterExtension
        final ChassisExtension app = TestIssuer.secured(ChassisExtension.of(
                        c -> DaggerTransfersComponent.factory().create(c).service()))
                .config("discovery.consul.enabled", false)
                .config("clients.accounts-service.auth", "client-credentials")
                .downstream("accounts-service")
                .build();

        @Test
        void everyCallCarriesTheServicesOwnToken() throws Exception {
            AccountsStubs accounts = new AccountsStubs(app.downstream("accounts-service")).healthy();
            TestIssuer.client(app)
                    .post(
                            "/transfers",
                            body(),
                            "Idempotency-Key",
                            UUID.randomUUID().toString())
                    .assertStatus(201);
            assertThat(accounts.requests()).hasSize(2);
            for (LoggedRequest r : accounts.requests()) {
                assertThat(subjectOf(r)).isEqualTo("transfers-service");
            }
        }
    }
}
