package dev.chassis.examples.transfers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.chassis.examples.transfers.Transfer.State;
import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A debit whose outcome is unknown: it reached accounts-service, the connection was reset before
 * the answer (as when the process dies), and the breaker that failure opened refused the retry.
 * The debit may stand, so the transfer is undone; it is never taken for one that moved nothing.
 */
class UnknownOutcomeTest {
    @RegisterExtension
    static final ChassisExtension app = TestIssuer.secured(ChassisExtension.of(
                    c -> DaggerTransfersComponent.factory().create(c).service()))
            .config("discovery.consul.enabled", false)
            .config("transfers.recovery-interval", "200ms")
            // One failure of the last two calls opens the breaker: the retry of the debit is refused.
            .config("resilience.accounts-service.circuit-breaker.window-size", 2)
            .config("resilience.accounts-service.circuit-breaker.delay", "1s")
            .config("resilience.accounts-service.retry-budget.enabled", false)
            .downstream("accounts-service")
            .build();

    private final AccountsStubs accounts = new AccountsStubs(app.downstream("accounts-service"));

    @Test
    void aDebitThatMayHaveLandedIsGivenBackNotAbandoned() {
        accounts.healthy();
        app.downstream("accounts-service")
                .wireMock()
                .stubFor(put(urlPathMatching("/accounts/alice/debits/.+"))
                        .atPriority(1)
                        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        TestResponse r = TestIssuer.client(app)
                .post(
                        "/transfers",
                        Map.of("fromAccount", "alice", "toAccount", "bob", "amountCents", 40),
                        "Idempotency-Key",
                        UUID.randomUUID().toString())
                .assertStatus(503);
        r.problem().hasDetailContaining("is being undone and will move no money");
        String location = r.header("Location").orElseThrow();
        Transfer t = TestIssuer.client(app).get(location).json(Transfer.class);
        assertThat(t.state()).isEqualTo(State.COMPENSATING);
        assertThat(accounts.received()).containsExactly("PUT /accounts/alice/debits/" + t.id());

        // Once the breaker lets calls through, the recovery pass gives the debit back.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> TestIssuer.client(app)
                                .get(location)
                                .json(Transfer.class)
                                .state()
                        == State.ABANDONED);
        assertThat(accounts.received())
                .containsExactly(
                        "PUT /accounts/alice/debits/" + t.id(),
                        "DELETE /accounts/bob/credits/" + t.id(),
                        "DELETE /accounts/alice/debits/" + t.id());
    }
}
