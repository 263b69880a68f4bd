package dev.chassis.examples.transfers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.examples.transfers.Transfer.State;
import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transfer saga against accounts-service played by WireMock. */
class TransfersServiceTest {
    private static final String PROBLEMS = AccountsStubs.PROBLEMS;

    @RegisterExtension
    static final ChassisExtension app = TestIssuer.secured(ChassisExtension.of(
                    c -> DaggerTransfersComponent.factory().create(c).service()))
            .config("discovery.consul.enabled", false)
            .config("transfers.recovery-interval", "200ms")
            // The breaker is BreakerTest's subject: here it must not open between tests.
            .config("resilience.accounts-service.circuit-breaker.window-size", 100)
            .downstream("accounts-service")
            .build();

    private final AccountsStubs accounts = new AccountsStubs(app.downstream("accounts-service"));

    @BeforeEach
    void healthyAccounts() {
        accounts.healthy();
    }

    private static TestResponse transfer(String key, String from, String to, long cents) {
        return TestIssuer.client(app)
                .post(
                        "/transfers",
                        Map.of("fromAccount", from, "toAccount", to, "amountCents", cents),
                        "Idempotency-Key",
                        key);
    }

    private static Transfer find(String location) {
        return TestIssuer.client(app).get(location).assertStatus(200).json(Transfer.class);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    @Test
    void debitsThenCreditsAndAnswersTheTransfer() {
        TestResponse r = transfer(key(), "alice", "bob", 250).assertStatus(201);
        Transfer t = r.json(Transfer.class);
        assertThat(t.state()).isEqualTo(State.COMPLETED);
        assertThat(t.detail()).isNull();
        r.assertHeader("Location", "/transfers/" + t.id());
        assertThat(find("/transfers/" + t.id())).isEqualTo(t);

        assertThat(accounts.received())
                .containsExactly("PUT /accounts/alice/debits/" + t.id(), "PUT /accounts/bob/credits/" + t.id());
        assertThat(accounts.requests()).allSatisfy(req -> {
            assertThat(req.getBodyAsString()).isEqualTo("{\"amountCents\":250}");
            assertThat(req.getHeader("X-Correlation-ID")).isEqualTo(r.correlationId());
        });
        assertThat(app.metrics().counter("transfers", "state", "completed")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRepeatedRequestAnswersTheFirstOutcomeWithoutMovingMoneyAgain() {
        String key = key();
        Transfer first = transfer(key, "alice", "bob", 100).assertStatus(201).json(Transfer.class);
        TestResponse again =
                transfer(key, "alice", "bob", 100).assertStatus(201).assertHeader("Idempotent-Replayed", "true");
        assertThat(again.json(Transfer.class)).isEqualTo(first);
        assertThat(accounts.received()).hasSize(2);

        transfer(key, "alice", "bob", 101)
                .assertStatus(422)
                .problem()
                .hasType(PROBLEMS + "idempotency-key-reused")
                .hasDetailContaining("was used for transfer " + first.id());
        assertThat(accounts.received()).hasSize(2);
    }

    @Test
    void refusesRequestsWithoutAKeyOrWithAnInvalidBody() {
        TestIssuer.client(app)
                .post("/transfers", Map.of("fromAccount", "a", "toAccount", "b", "amountCents", 1))
                .assertStatus(400)
                .problem()
                .hasType(PROBLEMS + "idempotency-key-missing");
        TestIssuer.client(app)
                .post(
                        "/transfers",
                        Map.of("fromAccount", "a", "toAccount", "b", "amountCents", 1),
                        "Idempotency-Key",
                        "x".repeat(129))
                .assertStatus(400)
                .problem()
                .hasType(PROBLEMS + "idempotency-key-invalid");
        transfer(key(), "a", "a", 0)
                .assertStatus(400)
                .problem()
                .hasErrors(
                        "/toAccount: must differ from fromAccount", "/amountCents: must be between 1 and 100000000000");
        TestIssuer.client(app).get("/transfers/nope").assertStatus(404);
        assertThat(accounts.received()).isEmpty();
    }

    @Test
    void aRefusedDebitFailsTheTransferWithTheReasonOfAccounts() {
        accounts.answer(
                "PUT",
                "/accounts/alice/debits/.+",
                409,
                AccountsStubs.problem(
                        409, PROBLEMS + "insufficient-funds", "account alice holds 5 cents; the debit needs 50"));
        TestResponse r = transfer(key(), "alice", "bob", 50).assertStatus(422);
        r.problem()
                .hasType(PROBLEMS + "insufficient-funds")
                .hasTitle("Transfer failed")
                .hasDetail("the debit of account alice was refused: account alice holds 5 cents; the debit needs 50;"
                        + " no money moved");
        Transfer t = find(r.header("Location").orElseThrow());
        assertThat(t.state()).isEqualTo(State.FAILED);
        assertThat(accounts.received()).containsExactly("PUT /accounts/alice/debits/" + t.id());
    }

    @Test
    void aRefusedCreditGivesTheDebitBack() {
        accounts.answer(
                "PUT",
                "/accounts/nobody/credits/.+",
                404,
                AccountsStubs.problem(404, PROBLEMS + "no-such-account", "no account nobody"));
        TestResponse r = transfer(key(), "alice", "nobody", 70).assertStatus(422);
        r.problem()
                .hasType(PROBLEMS + "no-such-account")
                .hasTitle("Transfer reversed")
                .hasDetail("the credit of account nobody was refused: no account nobody; the debit was given back");
        Transfer t = find(r.header("Location").orElseThrow());
        assertThat(t.state()).isEqualTo(State.REVERSED);
        assertThat(accounts.received())
                .containsExactly(
                        "PUT /accounts/alice/debits/" + t.id(),
                        "PUT /accounts/nobody/credits/" + t.id(),
                        "DELETE /accounts/alice/debits/" + t.id());
    }

    @Test
    void aCreditSpentBeforeItCouldBeTakenBackLeavesTheTransferCompleted() {
        // The credit's answer is lost (503), so the saga undoes the transfer; but the credit had
        // landed and bob spent it: accounts refuses to take it back for want of money.
        accounts.answer("PUT", "/accounts/bob/credits/.+", 503)
                .answer(
                        "DELETE",
                        "/accounts/bob/credits/.+",
                        409,
                        "{\"type\":\"" + PROBLEMS + "insufficient-funds\",\"title\":\"Insufficient funds\","
                                + "\"status\":409,\"detail\":\"account bob holds 10 cents\",\"balanceCents\":10,"
                                + "\"neededCents\":70}");

        TestResponse r = transfer(key(), "alice", "bob", 70);

        String location = r.header("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> find(location).state() == State.COMPLETED);
        Transfer t = find(location);
        assertThat(accounts.received()).doesNotContain("DELETE /accounts/alice/debits/" + t.id());
        assertThat(app.logs()
                        .await(e -> e.message().startsWith("transfer " + t.id() + ": its credit landed and was spent"))
                        .get(0)
                        .message())
                .contains("(account bob holds 10 cents, 70 needed)");
    }

    @Test
    void whileAccountsIsDownTheFallbackAnswersAndTheTransferIsUndoneLater() {
        accounts.down();
        String key = key();
        TestResponse r = transfer(key, "alice", "bob", 80).assertStatus(503).assertHeader("Retry-After", "5");
        r.problem()
                .hasType(PROBLEMS + "accounts-unavailable")
                .hasTitle("Accounts unavailable")
                .hasDetailContaining("accounts-service is unavailable")
                .hasDetailContaining("will move no money. Retry with the same Idempotency-Key after Retry-After.");
        String location = r.header("Location").orElseThrow();
        assertThat(find(location).state()).isEqualTo(State.COMPENSATING);
        transfer(key, "alice", "bob", 80).assertStatus(503).assertHeader("Idempotent-Replayed", "true");

        accounts.healthy();
        await().atMost(Duration.ofSeconds(10)).until(() -> find(location).state() == State.ABANDONED);
        Transfer abandoned = find(location);
        assertThat(accounts.received())
                .containsExactly(
                        "DELETE /accounts/bob/credits/" + abandoned.id(),
                        "DELETE /accounts/alice/debits/" + abandoned.id());

        Transfer retried = transfer(key, "alice", "bob", 80).assertStatus(201).json(Transfer.class);
        assertThat(retried.id()).isNotEqualTo(abandoned.id());
        assertThat(retried.state()).isEqualTo(State.COMPLETED);
        assertThat(find(location).state()).isEqualTo(State.ABANDONED);
    }

    @Test
    void concurrentRequestsWithOneKeyRunOneSaga() throws Exception {
        accounts.slow("PUT", "/accounts/alice/debits/.+", Duration.ofMillis(300));
        String key = key();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> transfer(key, "alice", "bob", 10).status()));
        }
        pool.shutdown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : results) {
            statuses.add(f.get());
        }
        assertThat(statuses).containsOnly(201, 409).contains(201);
        assertThat(accounts.received())
                .filteredOn(s -> s.startsWith("PUT /accounts/alice/debits/"))
                .hasSize(1);
        assertThat(transfer(key, "alice", "bob", 10).status()).isEqualTo(201);
    }
}
