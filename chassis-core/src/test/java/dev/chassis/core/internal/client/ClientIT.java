package dev.chassis.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.chassis.core.client.CallPolicy;
import dev.chassis.core.client.ClientConfig;
import dev.chassis.core.client.ClientConnectException;
import dev.chassis.core.client.ClientObserver;
import dev.chassis.core.client.ClientProblemException;
import dev.chassis.core.client.ClientRejectedException;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.ClientTimeoutException;
import dev.chassis.core.client.ClientsConfig;
import dev.chassis.core.client.InstanceGate;
import dev.chassis.core.client.OutboundRequest;
import dev.chassis.core.client.ServiceClient;
import dev.chassis.core.client.ServiceInstance;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.context.ContextPropagator;
import dev.chassis.core.context.Deadline;
import dev.chassis.core.context.TaskExecutor;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Response;
import dev.chassis.core.internal.context.TaskExecutors;
import dev.chassis.core.internal.json.JsonCodec;
import dev.chassis.core.internal.netty.EventLoops;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The service client against real chassis servers on loopback. */
class ClientIT {
    private static dev.chassis.core.internal.http.TestServerAccess accounts;
    private static dev.chassis.core.internal.http.TestServerAccess second;
    private static EventLoops loops;
    private static TaskExecutor executor;
    private static final List<String> seen = new CopyOnWriteArrayList<>();

    record Account(String id, long balance) {}

    record Debit(long amount) {}

    record Limits(long dailyCents, List<String> kinds) {}

    static final String INSUFFICIENT_FUNDS = "https://bank.example/problems/insufficient-funds";

    /** A team's own exception for one problem type. */
    static final class InsufficientFunds extends ClientProblemException {
        private static final long serialVersionUID = 1L;

        InsufficientFunds(ClientProblemException e) {
            super(e);
        }

        long balanceCents() {
            return problem().member("balanceCents", Long.class).orElseThrow();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        accounts = dev.chassis.core.internal.http.TestServerAccess.start(r -> handlers("one", seen, r));
        second = dev.chassis.core.internal.http.TestServerAccess.start(r -> handlers("two", seen, r));
        ServerConfig config = dev.chassis.core.ConfigBinding.bind(
                        dev.chassis.core.config.Config.builder()
                                .yaml("test", "server: {event-loop-threads: 2}")
                                .build(),
                        List.of(ServerConfig.SECTION))
                .get(ServerConfig.SECTION);
        loops = new EventLoops(config);
        executor = TaskExecutors.create(config);
    }

    @AfterAll
    static void stop() throws Exception {
        accounts.close();
        second.close();
        executor.shutdown();
        loops.shutdown();
    }

    private static DefaultServiceClients clients(Map<String, ClientConfig> config, ClientObserver... observers) {
        return new DefaultServiceClients(
                live(config),
                List.of(),
                List.of(observers),
                List.of(),
                null,
                null,
                new JsonCodec(JsonCodec.defaultMapper(List.of())),
                loops,
                executor);
    }

    /** A live configuration whose clients section is this map, bound as a service would bind it. */
    static dev.chassis.core.config.LiveConfig live(Map<String, ClientConfig> clients) {
        Map<String, String> keys = new java.util.TreeMap<>();
        clients.forEach((name, c) -> {
            String p = "clients." + name + ".";
            keys.put(
                    p + "urls",
                    String.join(",", c.urls().stream().map(URI::toString).toList()));
            keys.put(p + "connect-timeout", c.connectTimeout().toMillis() + "ms");
            keys.put(p + "response-timeout", c.responseTimeout().toMillis() + "ms");
            keys.put(p + "load-balancer", c.loadBalancer().toString());
            keys.put(p + "max-connections", Integer.toString(c.maxConnections()));
            keys.put(p + "max-response-size", c.maxResponseSize().toString());
            keys.put(p + "auth", c.auth());
        });
        dev.chassis.core.config.Config config = dev.chassis.core.config.Config.builder()
                .properties("test", keys)
                .build();
        return dev.chassis.core.ConfigBinding.live(config, java.util.Set.of(ClientsConfig.SECTION), List.of());
    }

    static ClientConfig at(int... ports) {
        List<URI> urls = new ArrayList<>();
        for (int port : ports) {
            urls.add(URI.create("http://127.0.0.1:" + port));
        }
        return ClientConfig.defaults().withUrls(urls);
    }

    private static ServiceClient accounts(ClientObserver... observers) {
        return clients(Map.of("accounts", at(accounts.port())), observers).get("accounts");
    }

    @Test
    void getsJsonWithEncodedPathParametersAndQuery() {
        Account a =
                accounts().get("/accounts/{id}", "a b/c").query("currency", "€").send(Account.class);
        assertThat(a).isEqualTo(new Account("a b/c", 100));
        assertThat(seen).contains("one GET /accounts/a%20b%2Fc?currency=%E2%82%AC");
    }

    @Test
    void postsJsonAndReadsGenericTypes() {
        List<Account> after = accounts()
                .post("/accounts/{id}/debits", 7)
                .idempotencyKey("k-1")
                .body(new Debit(30))
                .send(new TypeReference<List<Account>>() {});
        assertThat(after).containsExactly(new Account("7", 70));
        assertThat(seen).contains("one idempotency k-1");
    }

    @Test
    void noContentIsNull() {
        assertThat(accounts().delete("/accounts/{id}", 1).send(Account.class)).isNull();
    }

    @Test
    void problemResponsesBecomeTypedExceptionsCarryingTheProblem() {
        assertThatThrownBy(() -> accounts().get("/accounts/{id}", "missing").send(Account.class))
                .isInstanceOfSatisfying(ClientProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.problem().detail()).isEqualTo("no account missing");
                    assertThat(e.downstream()).isEqualTo("accounts");
                    assertThat(e.response().orElseThrow().status()).isEqualTo(404);
                });
    }

    @Test
    void extensionMembersAHandlerAddsAreSentAndReadByTheClient() {
        assertThatThrownBy(() -> accounts().get("/accounts/{id}", "poor").send(Account.class))
                .isInstanceOfSatisfying(ClientProblemException.class, e -> {
                    assertThat(e.getClass()).isEqualTo(ClientProblemException.class);
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.problem().type()).isEqualTo(INSUFFICIENT_FUNDS);
                    assertThat(e.problem().extensions()).containsOnlyKeys("balanceCents", "limits");
                    assertThat(e.problem().member("balanceCents", Long.class)).hasValue(1200L);
                    assertThat(e.problem().member("limits", Limits.class))
                            .hasValue(new Limits(500, List.of("daily", "monthly")));
                    assertThat(e.problem().member("absent", String.class)).isEmpty();
                    assertThatThrownBy(() -> e.problem().member("limits", Long.class))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith("problem member 'limits': ");
                    assertThat(e.response().orElseThrow().bodyAsString())
                            .contains("\"balanceCents\":1200")
                            .contains("\"limits\":{\"dailyCents\":500,\"kinds\":[\"daily\",\"monthly\"]}")
                            .doesNotContain("extensions");
                });
    }

    @Test
    void aMappedProblemTypeIsThrownAsTheTeamsOwnException() {
        DefaultServiceClients clients = new DefaultServiceClients(
                live(Map.of("accounts", at(accounts.port()))),
                List.of(),
                List.of(),
                List.of(),
                List.of(dev.chassis.core.client.ProblemType.of(INSUFFICIENT_FUNDS, InsufficientFunds::new)),
                null,
                null,
                new JsonCodec(JsonCodec.defaultMapper(List.of())),
                loops,
                executor);

        assertThatThrownBy(() ->
                        clients.get("accounts").get("/accounts/{id}", "poor").send(Account.class))
                .isInstanceOfSatisfying(InsufficientFunds.class, e -> {
                    assertThat(e.balanceCents()).isEqualTo(1200);
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.downstream()).isEqualTo("accounts");
                    assertThat(e.response().orElseThrow().status()).isEqualTo(409);
                });
        assertThatThrownBy(() ->
                        clients.get("accounts").get("/accounts/{id}", "missing").send(Account.class))
                .as("other types stay the general exception")
                .isExactlyInstanceOf(ClientProblemException.class);
    }

    @Test
    void extensionMemberNamesAreChecked() {
        assertThatThrownBy(() -> HttpStatusException.conflict("x").member("status", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name: 'status' (expected: a letter, then letters, digits or _, three or more in all, and"
                        + " not one of [correlationId, detail, errors, instance, status, title, type])");
        assertThatThrownBy(() -> HttpStatusException.conflict("x").member("a-b", 1))
                .hasMessageStartingWith("name: 'a-b' (expected: ");
        assertThatThrownBy(() -> dev.chassis.core.client.ProblemType.of("about:blank", InsufficientFunds::new))
                .hasMessage("type: 'about:blank' (expected: a problem type URI other than about:blank)");
    }

    @Test
    void otherErrorStatusesCarryStatusAndBodyExcerpt() {
        assertThatThrownBy(() -> accounts().get("/text-error").send(Account.class))
                .isInstanceOfSatisfying(ClientStatusException.class, e -> {
                    assertThat(e).isNotInstanceOf(ClientProblemException.class);
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.bodyExcerpt()).isEqualTo("down for maintenance");
                    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7));
                });
    }

    @Test
    void rawSendReturnsErrorResponsesToo() {
        assertThat(accounts().get("/text-error").send().status()).isEqualTo(503);
        assertThat(accounts().get("/accounts/{id}", 5).send().bodyAsString())
                .isEqualTo("{\"id\":\"5\",\"balance\":100}");
    }

    @Test
    void refusedConnectionIsAConnectFailureThatNeverReachedTheServer() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ServiceClient nowhere = clients(Map.of("accounts", at(closed))).get("accounts");
        assertThatThrownBy(() -> nowhere.get("/accounts/{id}", 1).send(Account.class))
                .isInstanceOfSatisfying(
                        ClientConnectException.class,
                        e -> assertThat(e.reachedServer()).isFalse());
    }

    @Test
    void slowResponseTimesOutOnTimeAndFreesTheCaller() {
        ServiceClient slow = clients(
                        Map.of("accounts", at(accounts.port()).withResponseTimeout(Duration.ofMillis(200))))
                .get("accounts");
        long start = System.nanoTime();
        assertThatThrownBy(() -> slow.get("/slow/{ms}", 1500).send(Account.class))
                .isInstanceOf(ClientTimeoutException.class);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).isBetween(180L, 600L);
    }

    @Test
    void anAttemptThePolicyCancelsStillReportsToTheGateAndTheObservers() throws Exception {
        List<String> reported = new CopyOnWriteArrayList<>();
        InstanceGate gate = new InstanceGate() {
            @Override
            public boolean isAvailable(String downstream, ServiceInstance instance) {
                return true;
            }

            @Override
            public boolean tryAcquire(String downstream, ServiceInstance instance) {
                return true;
            }

            @Override
            public void onResult(
                    String downstream,
                    ServiceInstance instance,
                    int status,
                    @Nullable Throwable failure,
                    long durationNanos) {
                reported.add("gate " + status + " "
                        + (failure == null ? "-" : failure.getClass().getSimpleName()));
            }
        };
        CallPolicy cancelling = new CallPolicy() {
            @Override
            public <T> CompletionStage<T> execute(OutboundRequest request, Attempt<T> attempt) {
                CompletableFuture<T> running = attempt.start().toCompletableFuture();
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() -> running.cancel(true));
                return running;
            }
        };
        ClientObserver observer = call -> (status, failure) -> reported.add("observer " + status);
        DefaultServiceClients withPolicy = new DefaultServiceClients(
                live(Map.of("accounts", at(accounts.port()))),
                List.of(),
                List.of(observer),
                List.of(),
                cancelling,
                gate,
                new JsonCodec(JsonCodec.defaultMapper(List.of())),
                loops,
                executor);
        long start = System.nanoTime();
        assertThatThrownBy(
                        () -> withPolicy.get("accounts").get("/slow/{ms}", 1500).send(Account.class))
                .isInstanceOf(ClientTimeoutException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000L);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> reported.size() == 2);
        assertThat(reported).containsExactly("gate 0 ClientTimeoutException", "observer 0");
    }

    @Test
    void theRequestTellsThePolicyItsFilledPathAndWhetherItHasAFallback() {
        List<String> seenByPolicy = new CopyOnWriteArrayList<>();
        CallPolicy recording = new CallPolicy() {
            @Override
            public <T> CompletionStage<T> execute(OutboundRequest request, Attempt<T> attempt) {
                seenByPolicy.add(
                        request.method() + " " + request.route() + " " + request.path() + " " + request.hasFallback());
                return CompletableFuture.completedFuture(attempt.respond(new Account("made", 1)));
            }
        };
        DefaultServiceClients withPolicy = new DefaultServiceClients(
                live(Map.of("accounts", at(accounts.port()))),
                List.of(),
                List.of(),
                List.of(),
                recording,
                null,
                new JsonCodec(JsonCodec.defaultMapper(List.of())),
                loops,
                executor);
        Account a = withPolicy
                .get("accounts")
                .get("/accounts/{id}", "a b")
                .query("q", 1)
                .send(Account.class);
        Account b = withPolicy
                .get("accounts")
                .get("/accounts/{id}", 2)
                .fallback(e -> null)
                .send(Account.class);
        assertThat(a).isEqualTo(new Account("made", 1));
        assertThat(b).isEqualTo(new Account("made", 1));
        assertThat(seenByPolicy)
                .containsExactly("GET /accounts/{id} /accounts/a%20b?q=1 false", "GET /accounts/{id} /accounts/2 true");
    }

    @Test
    void unknownDownstreamHasNoInstances() {
        assertThatThrownBy(() -> clients(Map.of()).get("ledger").get("/x").send(Account.class))
                .isInstanceOf(ClientConnectException.class)
                .hasMessageContaining("ledger: no instance to call");
        assertThatThrownBy(() -> clients(Map.of()).get("Bad_Name")).hasMessageContaining("expected: a service name");
    }

    @Test
    void roundRobinSpreadsAttemptsOverInstances() {
        ClientConfig config = new ClientConfig(
                at(accounts.port(), second.port()).urls(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                ClientConfig.LoadBalancer.ROUND_ROBIN,
                8,
                dev.chassis.core.config.DataSize.ofMebibytes(1));
        ServiceClient both = clients(Map.of("accounts", config)).get("accounts");
        seen.clear();
        for (int i = 0; i < 10; i++) {
            both.get("/accounts/{id}", "rr" + i).send(Account.class);
        }
        assertThat(seen.stream().filter(s -> s.startsWith("one GET /accounts/rr")))
                .hasSize(5);
        assertThat(seen.stream().filter(s -> s.startsWith("two GET /accounts/rr")))
                .hasSize(5);
    }

    @Test
    void powerOfTwoAvoidsTheBusyInstance() throws Exception {
        ServiceClient both =
                clients(Map.of("accounts", at(accounts.port(), second.port()))).get("accounts");
        seen.clear();
        // Keep instance "one" busy with slow calls, then see where quick calls go.
        List<CompletableFuture<Account>> slow = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slow.add(both.get("/slow/{ms}", 600).sendAsync(Account.class).toCompletableFuture());
        }
        // Every slow call reaches its instance (the wait covers a busy machine), then the split.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> seen.stream().filter(s -> s.contains(" GET /slow")).count() == 20);
        long slowOnOne =
                seen.stream().filter(s -> s.startsWith("one GET /slow")).count();
        long slowOnTwo =
                seen.stream().filter(s -> s.startsWith("two GET /slow")).count();
        assertThat(Math.abs(slowOnOne - slowOnTwo)).isLessThanOrEqualTo(2);
        for (CompletableFuture<Account> f : slow) {
            f.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void asyncResultsCompleteOffTheEventLoopWithTheCallersContext() throws Exception {
        MDC.put("correlationId", "async-caller");
        try {
            CompletableFuture<String> where = accounts()
                    .get("/accounts/{id}", 3)
                    .sendAsync(Account.class)
                    .thenApply(a -> Thread.currentThread().getName() + " " + MDC.get("correlationId"))
                    .toCompletableFuture();
            String result = where.get(5, TimeUnit.SECONDS);
            assertThat(result).doesNotContain("chassis-io").endsWith(" async-caller");
        } finally {
            MDC.clear();
        }
    }

    @Test
    void fallbackAnswersInsteadOfTheFailure() {
        Account fallback = accounts()
                .get("/text-error")
                .fallback(e -> new Account("cached", ((ClientStatusException) e).status()))
                .send(Account.class);
        assertThat(fallback).isEqualTo(new Account("cached", 503));
    }

    @Test
    void observersSeeEveryAttemptAndAddHeaders() {
        List<String> ended = new CopyOnWriteArrayList<>();
        ClientObserver observer = call -> {
            call.header("X-Correlation-ID", "obs-1");
            return (status, failure) -> ended.add(
                    call.downstream() + " " + call.method() + " " + call.route() + " " + call.uri() + " " + status);
        };
        seen.clear();
        accounts(observer).get("/accounts/{id}", 9).query("q", "x").send(Account.class);
        assertThat(ended)
                .containsExactly(
                        "accounts GET /accounts/{id} http://127.0.0.1:" + accounts.port() + "/accounts/9?q=x 200");
        assertThat(seen).contains("one correlation obs-1");
    }

    @Test
    void remainingBudgetIsSentDownstreamAndASpentDeadlineStopsAttempts() {
        seen.clear();
        try (ContextPropagator.Scope ignored = Deadline.attach(Deadline.after(Duration.ofMillis(800)))) {
            accounts().get("/accounts/{id}", 1).send(Account.class);
        }
        String budget = seen.stream()
                .filter(s -> s.startsWith("one budget "))
                .findFirst()
                .orElseThrow();
        assertThat(Long.parseLong(budget.substring("one budget ".length()))).isBetween(500L, 800L);

        seen.clear();
        try (ContextPropagator.Scope ignored = Deadline.attach(Deadline.after(Duration.ofMillis(-1)))) {
            assertThatThrownBy(() -> accounts().get("/accounts/{id}", 1).send(Account.class))
                    .isInstanceOfSatisfying(
                            ClientRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ClientRejectedException.Reason.DEADLINE));
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void aSpentBudgetArrivingAtTheServerIs504WithoutRunningTheHandler() throws Exception {
        seen.clear();
        var response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + accounts.port() + "/accounts/1"))
                                .header(Deadline.HEADER, "0")
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(seen).isEmpty();
        var bad = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + accounts.port() + "/accounts/1"))
                                .header(Deadline.HEADER, "soon")
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    static Object handlers(String name, List<String> seen, dev.chassis.core.http.Routing r) {
        r.get("/accounts/{id}", req -> {
                    seen.add(name + " GET " + req.uri());
                    req.header(Deadline.HEADER).ifPresent(b -> seen.add(name + " budget " + b));
                    req.header("X-Correlation-ID").ifPresent(c -> seen.add(name + " correlation " + c));
                    String id = req.pathParam("id").asString();
                    if (id.equals("missing")) {
                        throw HttpStatusException.notFound("no account missing");
                    }
                    if (id.equals("poor")) {
                        throw HttpStatusException.conflict("the balance is too low")
                                .type(INSUFFICIENT_FUNDS)
                                .member("balanceCents", 1200)
                                .member("limits", new Limits(500, List.of("daily", "monthly")));
                    }
                    return new Account(id, 100);
                })
                .post("/accounts/{id}/debits", req -> {
                    req.header("Idempotency-Key").ifPresent(k -> seen.add(name + " idempotency " + k));
                    Debit d = req.body(Debit.class);
                    return List.of(new Account(req.pathParam("id").asString(), 100 - d.amount()));
                })
                .delete("/accounts/{id}", req -> null)
                .get(
                        "/text-error",
                        req -> Response.status(503).header("Retry-After", "7").text("down for maintenance"))
                .get("/slow/{ms}", req -> {
                    seen.add(name + " GET " + req.path());
                    Thread.sleep(req.pathParam("ms").asLong());
                    return new Account("slow", 0);
                });
        return r;
    }
}
