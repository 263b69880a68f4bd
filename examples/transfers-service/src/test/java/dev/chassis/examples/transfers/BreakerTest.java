package dev.chassis.examples.transfers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.examples.transfers.Transfer.State;
import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The breaker of accounts-service opens while it fails, shows in /metrics, and closes again. */
class BreakerTest {
    @RegisterExtension
    static final ChassisExtension app = TestIssuer.secured(ChassisExtension.of(
                    c -> DaggerTransfersComponent.factory().create(c).service()))
            .config("discovery.consul.enabled", false)
            .config("resilience.accounts-service.circuit-breaker.delay", "1s")
            .downstream("accounts-service")
            .build();

    private final AccountsStubs accounts = new AccountsStubs(app.downstream("accounts-service"));

    private static TestResponse transfer() {
        return TestIssuer.client(app)
                .post(
                        "/transfers",
                        Map.of("fromAccount", "alice", "toAccount", "bob", "amountCents", 5),
                        "Idempotency-Key",
                        UUID.randomUUID().toString());
    }

    private static double breaker() {
        return app.metrics().gauge("resilience.circuit.state", "downstream", "accounts-service");
    }

    @Test
    void opensWhileAccountsFailsAndTheFallbackAnswersWithoutCallingIt() {
        accounts.down();
        for (int i = 0; i < 10 && (!app.metrics().exists("resilience.circuit.state") || breaker() != 2); i++) {
            transfer().assertStatus(503);
        }
        assertThat(breaker()).as("breaker state (2: open)").isEqualTo(2);
        assertThat(app.client()
                        .get("/metrics", "Authorization", "Bearer " + TestIssuer.CALLER)
                        .body())
                .containsPattern("resilience_circuit_state\\{[^}]*downstream=\"accounts-service\"[^}]*} 2\\.0");

        int before = accounts.received().size();
        TestResponse refused = transfer().assertStatus(503);
        refused.problem()
                .hasType(AccountsStubs.PROBLEMS + "accounts-unavailable")
                .hasDetailContaining("moved no money");
        assertThat(accounts.received()).as("requests reaching accounts-service").hasSize(before);
        Transfer t = TestIssuer.client(app)
                .get(refused.header("Location").orElseThrow())
                .json(Transfer.class);
        assertThat(t.state()).isEqualTo(State.ABANDONED);

        accounts.healthy();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> transfer().status() == 201 && breaker() == 0);
    }
}
