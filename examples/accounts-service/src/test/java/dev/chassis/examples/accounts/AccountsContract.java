package dev.chassis.examples.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestClient;
import dev.chassis.testkit.TestResponse;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What accounts-service does, whatever its database; without Consul. */
abstract class AccountsContract {
    private final String PROBLEMS = "https://problems.simplebank.example/";

    /** The service under test. */
    abstract ChassisExtension app();

    /** The issuer whose tokens it accepts. */
    abstract FakeAuthorizationServer issuer();

    private String token;

    /** The client, sending the token of a caller who may move money. */
    private Authorized client() {
        if (token == null) {
            token = issuer().token()
                    .subject("transfers")
                    .scope("accounts:write")
                    .sign();
        }
        return new Authorized(app().client(), token);
    }

    /** Requests with {@code Authorization: Bearer <token>}. */
    private record Authorized(TestClient client, String token) {
        TestResponse get(String path) {
            return client.get(path, "Authorization", "Bearer " + token);
        }

        TestResponse post(String path, Object body) {
            return client.post(path, body, "Authorization", "Bearer " + token);
        }

        TestResponse put(String path, Object body) {
            return client.put(path, body, "Authorization", "Bearer " + token);
        }

        TestResponse delete(String path) {
            return client.delete(path, "Authorization", "Bearer " + token);
        }
    }

    @Test
    void movementsNeedATokenWithTheWriteScope() {
        Account account = open(1_000);
        String path = "/accounts/" + account.id() + "/debits/t-auth";
        app().client()
                .put(path, Map.of("amountCents", 10))
                .assertStatus(401)
                .assertHeader("WWW-Authenticate", "Bearer");
        String reader = issuer().token().scope("accounts:read").sign();
        app().client()
                .put(path, Map.of("amountCents", 10), "Authorization", "Bearer " + reader)
                .assertStatus(403)
                .assertHeader(
                        "WWW-Authenticate",
                        "Bearer error=\"insufficient_scope\", error_description=\"the token lacks the scope this route"
                                + " requires: accounts:write\", scope=\"accounts:write\"");
        app().client()
                .delete("/accounts/" + account.id() + "/credits/t-auth", "Authorization", "Bearer " + reader)
                .assertStatus(403);
        app().client()
                .get("/accounts/" + account.id(), "Authorization", "Bearer " + reader)
                .assertStatus(200);
        app().client().get("/accounts/" + account.id()).assertStatus(401);
        assertThat(balance(account)).isEqualTo(1_000);
    }

    private Account open(long cents) {
        return client().post("/accounts", Map.of("owner", "ada", "openingBalanceCents", cents))
                .assertStatus(201)
                .json(Account.class);
    }

    private TestResponse debit(Account account, String transfer, long cents) {
        return client().put("/accounts/" + account.id() + "/debits/" + transfer, Map.of("amountCents", cents));
    }

    private TestResponse credit(Account account, String transfer, long cents) {
        return client().put("/accounts/" + account.id() + "/credits/" + transfer, Map.of("amountCents", cents));
    }

    private long balance(Account account) {
        return client().get("/accounts/" + account.id())
                .assertStatus(200)
                .json(Account.class)
                .balanceCents();
    }

    @Test
    void opensAnAccountAndFindsItAgain() {
        TestResponse created = client().post("/accounts", Map.of("owner", "ada", "openingBalanceCents", 500))
                .assertStatus(201);
        Account account = created.json(Account.class);
        created.assertHeader("Location", "/accounts/" + account.id());
        assertThat(client().get("/accounts/" + account.id()).json(Account.class))
                .isEqualTo(account);
        client().get("/accounts/nope")
                .assertStatus(404)
                .problem()
                .hasType(PROBLEMS + "no-such-account")
                .hasDetail("no account nope");
    }

    @Test
    void refusesInvalidRequestsNamingEveryField() {
        client().post("/accounts", Map.of("owner", " ", "openingBalanceCents", -1))
                .assertStatus(400)
                .problem()
                .hasErrors("/owner: must not be blank", "/openingBalanceCents: must be between 0 and 100000000000");
        Account account = open(100);
        debit(account, "t-1", 0)
                .assertStatus(400)
                .problem()
                .hasError("/amountCents", "must be between 1 and 100000000000");
        debit(account, "bad*id", 10).assertStatus(400).problem().hasDetailContaining("transferId");
        debit(account, "t-2", 10).assertStatus(200);
        credit(new Account("nope", "x", 0, account.openedAt()), "t-3", 10)
                .assertStatus(404)
                .problem()
                .hasType(PROBLEMS + "no-such-account");
    }

    @Test
    void aMovementIsMadeOncePerTransfer() {
        Account account = open(1_000);
        Entry first = debit(account, "t-once", 300).assertStatus(200).json(Entry.class);
        assertThat(first.balanceCents()).isEqualTo(700);
        assertThat(first.kind()).isEqualTo(Entry.Kind.DEBIT);

        TestResponse again =
                debit(account, "t-once", 300).assertStatus(200).assertHeader("Idempotent-Replayed", "true");
        assertThat(again.json(Entry.class)).isEqualTo(first);
        assertThat(balance(account)).isEqualTo(700);

        debit(account, "t-once", 200)
                .assertStatus(409)
                .problem()
                .hasType(PROBLEMS + "transfer-id-reused")
                .hasDetail("transfer t-once already made a debit of 300 cents on account " + account.id());
        credit(account, "t-once", 50).assertStatus(200);
        assertThat(balance(account)).isEqualTo(750);
    }

    @Test
    void refusesADebitBeyondTheBalance() {
        Account account = open(100);
        debit(account, "t-big", 101)
                .assertStatus(409)
                .problem()
                .hasType(PROBLEMS + "insufficient-funds")
                .hasTitle("Insufficient funds")
                .hasDetail("account " + account.id() + " holds 100 cents; the debit needs 101");
        assertThat(balance(account)).isEqualTo(100);
        debit(account, "t-big", 100).assertStatus(200);
        assertThat(balance(account)).isZero();
    }

    @Test
    void aReversalGivesTheDebitBackOnceAndRefusesItAfterwards() {
        Account account = open(1_000);
        debit(account, "t-rev", 400).assertStatus(200);
        Entry reversal = client().delete("/accounts/" + account.id() + "/debits/t-rev")
                .assertStatus(200)
                .json(Entry.class);
        assertThat(reversal.kind()).isEqualTo(Entry.Kind.DEBIT_REVERSAL);
        assertThat(reversal.amountCents()).isEqualTo(400);
        assertThat(balance(account)).isEqualTo(1_000);

        client().delete("/accounts/" + account.id() + "/debits/t-rev")
                .assertStatus(200)
                .assertHeader("Idempotent-Replayed", "true");
        assertThat(balance(account)).isEqualTo(1_000);
        debit(account, "t-rev", 400).assertStatus(409).problem().hasType(PROBLEMS + "transfer-reversed");
        assertThat(balance(account)).isEqualTo(1_000);
    }

    @Test
    void aReversalThatArrivesFirstRefusesTheLateMovement() {
        Account account = open(1_000);
        Entry empty = client().delete("/accounts/" + account.id() + "/credits/t-late")
                .assertStatus(200)
                .json(Entry.class);
        assertThat(empty.amountCents()).isZero();
        credit(account, "t-late", 100).assertStatus(409).problem().hasType(PROBLEMS + "transfer-reversed");
        assertThat(balance(account)).isEqualTo(1_000);
    }

    @Test
    void aSpentCreditCannotBeTakenBack() {
        Account account = open(0);
        credit(account, "t-in", 500).assertStatus(200);
        debit(account, "t-out", 400).assertStatus(200);
        client().delete("/accounts/" + account.id() + "/credits/t-in")
                .assertStatus(409)
                .problem()
                .hasType(PROBLEMS + "insufficient-funds");
        assertThat(balance(account)).isEqualTo(100);
    }

    @Test
    void listsTheLedgerInOrder() {
        Account account = open(1_000);
        debit(account, "t-a", 100).assertStatus(200);
        credit(account, "t-b", 50).assertStatus(200);
        List<Entry> entries = client().get("/accounts/" + account.id() + "/entries")
                .assertStatus(200)
                .json(new TypeReference<List<Entry>>() {});
        assertThat(entries).extracting(Entry::transferId).containsExactly("t-a", "t-b");
        assertThat(entries).extracting(Entry::balanceCents).containsExactly(900L, 950L);
    }

    @Test
    void concurrentDebitsNeverOverdraw() throws Exception {
        Account account = open(300);
        List<Future<Integer>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        for (int i = 0; i < 50; i++) {
            String transfer = "t-" + UUID.randomUUID();
            results.add(pool.submit(() -> debit(account, transfer, 10).status()));
        }
        pool.shutdown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : results) {
            statuses.add(f.get());
        }
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(30);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(20);
        assertThat(balance(account)).isZero();
    }
}
