package dev.chassis.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.chassis.core.client.ClientConnectException;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientRejectedException;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.ClientTimeoutException;
import dev.chassis.core.client.ServiceClient;
import dev.chassis.core.context.ContextPropagator;
import dev.chassis.core.context.Deadline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries, the retry budget, the bulkhead, the rate limiter, timeouts, deadlines and fallbacks of
 * a running service calling a WireMock downstream with injected faults. Each behaviour has its own
 * downstream name, so budgets and breakers do not meet.
 */
class ResilienceIT {
    private static final WireMockServer downstream =
            new WireMockServer(options().dynamicPort());
    private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private static TestService app;

    @BeforeAll
    static void start() {
        downstream.start();
        String url = "http://127.0.0.1:" + downstream.port();
        String quickRetries =
                "retry: {initial-backoff: 10ms, max-backoff: 50ms}, retry-budget: {enabled: false}, circuit-breaker: {enabled: false}";
        String yaml = """
                clients:
                  plain: {urls: [%1$s]}
                  retry-after: {urls: [%1$s]}
                  budget: {urls: [%1$s]}
                  bulkhead: {urls: [%1$s]}
                  rate: {urls: [%1$s]}
                  timeout: {urls: [%1$s]}
                  client-timeout: {urls: [%1$s], response-timeout: 200ms}
                  deadline: {urls: [%1$s]}
                  latency: {urls: [%1$s]}
                  last-good: {urls: [%1$s]}
                  with-fallback: {urls: [%1$s]}
                  defaulted: {urls: [%1$s]}
                  bulkhead-wait: {urls: [%1$s]}
                  rate-wait: {urls: [%1$s]}
                  jitter: {urls: [%1$s]}
                resilience:
                  default: {retry: {max-attempts: 2, initial-backoff: 10ms}, circuit-breaker: {enabled: false}}
                  plain: {%2$s}
                  retry-after: {retry: {initial-backoff: 10ms, max-backoff: 2s}, retry-budget: {enabled: false}, circuit-breaker: {enabled: false}}
                  budget:
                    retry: {max-attempts: 3, initial-backoff: 1ms, max-backoff: 2ms}
                    circuit-breaker: {enabled: false}
                  bulkhead: {bulkhead: {max-concurrent: 2}, retry: {max-attempts: 1}}
                  rate: {rate-limiter: {enabled: true, mode: bursty, limit: 2, period: 1m}, retry: {max-attempts: 1}}
                  timeout: {timeout: {per-attempt: 200ms}, retry: {max-attempts: 1}}
                  client-timeout: {retry: {max-attempts: 1}}
                  deadline: {retry: {initial-backoff: 500ms, max-backoff: 1s, jitter: 0}, circuit-breaker: {enabled: false}}
                  latency: {timeout: {per-attempt: 300ms}, retry: {max-attempts: 1}}
                  last-good: {fallback: {mode: last-good}, %2$s}
                  with-fallback: {%2$s}
                  bulkhead-wait: {bulkhead: {max-concurrent: 1, max-wait: 2s}, retry: {max-attempts: 1}}
                  rate-wait: {rate-limiter: {enabled: true, limit: 2, period: 1s, max-wait: 2s}, retry: {max-attempts: 1}}
                  jitter:
                    retry: {max-attempts: 4, initial-backoff: 200ms, max-backoff: 1s, multiplier: 2, jitter: 0.5}
                    retry-budget: {enabled: false}
                    circuit-breaker: {enabled: false}
                """.formatted(url, quickRetries);
        app = TestService.create(yaml, registry);
        app.service().start();
    }

    @AfterAll
    static void stop() {
        app.service().stop();
        downstream.stop();
    }

    @BeforeEach
    void reset() {
        downstream.resetAll();
    }

    private static ServiceClient client(String name) {
        return app.clients().get(name);
    }

    private static int gets(String path) {
        return downstream.findAll(getRequestedFor(urlPathEqualTo(path))).size();
    }

    private static int posts(String path) {
        return downstream.findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    private static double calls(String downstream, String outcome) {
        var counter = registry.find("resilience.calls")
                .tags("downstream", downstream, "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static double retries(String downstream) {
        var counter = registry.find("resilience.retries")
                .tags("downstream", downstream)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    // ---- which calls are retried ----

    @Test
    void getIsRetriedUntilItSucceeds() {
        downstream.stubFor(get("/flaky")
                .inScenario("flaky")
                .whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("second"));
        downstream.stubFor(get("/flaky")
                .inScenario("flaky")
                .whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(502))
                .willSetStateTo("third"));
        downstream.stubFor(get("/flaky")
                .inScenario("flaky")
                .whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"ok\"}")));
        double retriesBefore = retries("plain");

        Map<?, ?> answer = client("plain").get("/flaky").send(Map.class);

        assertThat(answer).isEqualTo(Map.of("id", "ok"));
        assertThat(gets("/flaky")).isEqualTo(3);
        assertThat(retries("plain") - retriesBefore).isEqualTo(2.0);
    }

    @Test
    void getGivesUpAfterMaxAttemptsWithTheLastFailure() {
        downstream.stubFor(get("/down").willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> client("plain").get("/down").send(Map.class))
                .isInstanceOfSatisfying(
                        ClientStatusException.class, e -> assertThat(e.status()).isEqualTo(500));
        assertThat(gets("/down")).isEqualTo(3);
    }

    @Test
    void postIsNotRetried() {
        downstream.stubFor(post("/orders").willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() ->
                        client("plain").post("/orders").body(Map.of("n", 1)).send(Map.class))
                .isInstanceOf(ClientStatusException.class);
        assertThat(posts("/orders")).isEqualTo(1);
    }

    @Test
    void postWithAnIdempotencyKeyIsRetried() {
        downstream.stubFor(post("/orders").willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> client("plain")
                        .post("/orders")
                        .idempotencyKey("order-7")
                        .body(Map.of("n", 1))
                        .send(Map.class))
                .isInstanceOf(ClientStatusException.class);
        assertThat(posts("/orders")).isEqualTo(3);
        assertThat(downstream.findAll(postRequestedFor(urlPathEqualTo("/orders"))))
                .allSatisfy(r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo("order-7"));
    }

    @Test
    void clientErrorsOtherThan408And429AreNeverRetried() {
        downstream.stubFor(get("/bad").willReturn(aResponse().withStatus(400)));
        downstream.stubFor(get("/missing").willReturn(aResponse().withStatus(404)));
        downstream.stubFor(get("/conflict").willReturn(aResponse().withStatus(409)));
        for (String path : List.of("/bad", "/missing", "/conflict")) {
            assertThatThrownBy(() -> client("plain").get(path).send(Map.class))
                    .isInstanceOf(ClientStatusException.class);
            assertThat(gets(path)).as(path).isEqualTo(1);
        }
    }

    @Test
    void requestTimeoutAndTooManyRequestsAreRetried() {
        downstream.stubFor(get("/408").willReturn(aResponse().withStatus(408)));
        downstream.stubFor(get("/429").willReturn(aResponse().withStatus(429)));
        for (String path : List.of("/408", "/429")) {
            assertThatThrownBy(() -> client("plain").get(path).send(Map.class))
                    .isInstanceOf(ClientStatusException.class);
            assertThat(gets(path)).as(path).isEqualTo(3);
        }
    }

    @Test
    void connectionResetIsAConnectFailureRetriedForGetButNotForPost() {
        downstream.stubFor(get("/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        downstream.stubFor(post("/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> client("plain").get("/reset").send(Map.class))
                .isInstanceOf(ClientConnectException.class);
        assertThat(gets("/reset")).isEqualTo(3);

        // The POST reached the server before the reset, so it may have been applied.
        assertThatThrownBy(() -> client("plain").post("/reset").body(Map.of()).send(Map.class))
                .isInstanceOfSatisfying(
                        ClientConnectException.class,
                        e -> assertThat(e.reachedServer()).isTrue());
        assertThat(posts("/reset")).isEqualTo(1);
    }

    @Test
    void retryAfterOn429IsWaitedFor() {
        downstream.stubFor(get("/busy")
                .inScenario("busy")
                .whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("free"));
        downstream.stubFor(get("/busy")
                .inScenario("busy")
                .whenScenarioStateIs("free")
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"late\"}")));
        long start = System.nanoTime();

        Map<?, ?> answer = client("retry-after").get("/busy").send(Map.class);

        long ms = millisSince(start);
        assertThat(answer).isEqualTo(Map.of("id", "late"));
        assertThat(ms).isBetween(950L, 1600L);
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> requests =
                downstream.findAll(getRequestedFor(urlPathEqualTo("/busy")));
        assertThat(requests).hasSize(2);
        long gap = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(gap).isGreaterThanOrEqualTo(950L);
    }

    @Test
    void retryAfterLongerThanTheMaximumBackoffEndsTheCallAtOnce() {
        downstream.stubFor(get("/later").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client("retry-after").get("/later").send(Map.class))
                .isInstanceOfSatisfying(ClientStatusException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(30));
                });
        assertThat(millisSince(start)).isLessThan(500L);
        assertThat(gets("/later")).isEqualTo(1);
    }

    // ---- the retry budget ----

    @Test
    void theBudgetCapsDownstreamCallsWhenEverythingFails() throws Exception {
        downstream.stubFor(get("/always-500").willReturn(aResponse().withStatus(500)));
        ExecutorService callers = Executors.newFixedThreadPool(16);
        AtomicInteger budgetRefusals = new AtomicInteger();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                done.add(CompletableFuture.runAsync(
                        () -> {
                            try {
                                client("budget").get("/always-500").send(Map.class);
                            } catch (ClientRejectedException e) {
                                assertThat(e.reason()).isEqualTo(ClientRejectedException.Reason.RETRY_BUDGET);
                                assertThat(e.getCause())
                                        .isInstanceOfSatisfying(
                                                ClientStatusException.class,
                                                s -> assertThat(s.status()).isEqualTo(500));
                                budgetRefusals.incrementAndGet();
                            } catch (ClientStatusException expected) {
                                // Out of attempts with the budget's blessing.
                            }
                        },
                        callers));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            callers.shutdownNow();
        }
        int received = gets("/always-500");
        // 1000 calls, retries at most 20 % of them plus the floor of 1 per second of the 10 s window.
        assertThat(received).isBetween(1150, 1210);
        assertThat(retries("budget")).isEqualTo(received - 1000.0);
        assertThat(budgetRefusals.get()).isGreaterThan(700);
        assertThat(calls("budget", "rejected_budget")).isEqualTo(budgetRefusals.get());
        assertThat(calls("budget", "failure")).isEqualTo(1000.0 - budgetRefusals.get());
        assertThat(registry.get("resilience.retry.budget.available")
                        .tags("downstream", "budget")
                        .gauge()
                        .value())
                .isLessThan(1.0);
    }

    // ---- bulkhead and rate limiter ----

    @Test
    void theBulkheadRefusesTheExcessAtOnce() throws Exception {
        downstream.stubFor(get("/slow")
                .willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(600)));
        List<CompletableFuture<Map>> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            running.add(client("bulkhead").get("/slow").sendAsync(Map.class).toCompletableFuture());
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> gets("/slow") == 2);
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client("bulkhead").get("/slow").send(Map.class))
                    .isInstanceOfSatisfying(
                            ClientRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ClientRejectedException.Reason.BULKHEAD_FULL));
            assertThat(millisSince(start)).isLessThan(100L);
        }
        for (CompletableFuture<Map> f : running) {
            assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(Map.of());
        }
        assertThat(gets("/slow")).isEqualTo(2);
        assertThat(calls("bulkhead", "rejected_bulkhead")).isEqualTo(3.0);
        // Room again once the calls in flight are done.
        assertThat(client("bulkhead").get("/slow").send(Map.class)).isEqualTo(Map.of());
    }

    @Test
    void theRateLimiterRefusesCallsBeyondTheLimit() {
        downstream.stubFor(
                get("/limited").willReturn(aResponse().withStatus(200).withBody("{}")));
        client("rate").get("/limited").send(Map.class);
        client("rate").get("/limited").send(Map.class);
        assertThatThrownBy(() -> client("rate").get("/limited").send(Map.class))
                .isInstanceOfSatisfying(
                        ClientRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ClientRejectedException.Reason.RATE_LIMITED));
        assertThat(gets("/limited")).isEqualTo(2);
        assertThat(calls("rate", "rejected_rate_limit")).isEqualTo(1.0);
    }

    @Test
    void withAMaximumWaitTheBulkheadQueuesTheExcess() throws Exception {
        downstream.stubFor(get("/one-at-a-time")
                .willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(300)));
        long start = System.nanoTime();
        CompletableFuture<Map> first = client("bulkhead-wait")
                .get("/one-at-a-time")
                .sendAsync(Map.class)
                .toCompletableFuture();
        CompletableFuture<Map> second = client("bulkhead-wait")
                .get("/one-at-a-time")
                .sendAsync(Map.class)
                .toCompletableFuture();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(Map.of());
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(Map.of());
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(600L);
        assertThat(calls("bulkhead-wait", "rejected_bulkhead")).isZero();
    }

    @Test
    void withAMaximumWaitTheRateLimiterSpacesCallsOut() {
        downstream.stubFor(get("/spaced").willReturn(aResponse().withStatus(200).withBody("{}")));
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(client("rate-wait").get("/spaced").send(Map.class)).isEqualTo(Map.of());
        }
        // Two a second, evenly: the third call starts a second after the first.
        assertThat(millisSince(start)).isBetween(900L, 1800L);
        assertThat(gets("/spaced")).isEqualTo(3);
    }

    @Test
    void retriesWaitAJitteredExponentialBackoff() {
        downstream.stubFor(get("/jitter").willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> client("jitter").get("/jitter").send(Map.class))
                .isInstanceOf(ClientStatusException.class);
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> requests =
                downstream.findAll(getRequestedFor(urlPathEqualTo("/jitter")));
        assertThat(requests).hasSize(4);
        // Waits of 200, 400 and 800 ms, each ± 50 %, the last capped at 1 s; a little slack for the exchange.
        long[][] bounds = {{100, 300}, {200, 600}, {400, 1000}};
        for (int i = 1; i < requests.size(); i++) {
            long gap = requests.get(i).getLoggedDate().getTime()
                    - requests.get(i - 1).getLoggedDate().getTime();
            assertThat(gap).as("wait before retry %d", i).isBetween(bounds[i - 1][0], bounds[i - 1][1] + 60);
        }
    }

    // ---- timeouts and deadlines ----

    @Test
    void thePerAttemptTimeoutFreesTheCallerOnTime() {
        downstream.stubFor(get("/blocked")
                .willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(1500)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client("timeout").get("/blocked").send(Map.class))
                .isInstanceOf(ClientTimeoutException.class);
        assertThat(millisSince(start)).isBetween(150L, 500L);
        assertThat(calls("timeout", "timeout")).isEqualTo(1.0);
    }

    @Test
    void theClientsResponseTimeoutAloneAlsoFreesTheCallerOnTime() {
        downstream.stubFor(get("/blocked")
                .willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(1500)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client("client-timeout").get("/blocked").send(Map.class))
                .isInstanceOf(ClientTimeoutException.class);
        assertThat(millisSince(start)).isBetween(150L, 500L);
    }

    @Test
    void randomLatencyWithinTheTimeoutPasses() {
        downstream.stubFor(get("/jittery")
                .willReturn(aResponse().withStatus(200).withBody("{}").withUniformRandomDelay(20, 120)));
        for (int i = 0; i < 10; i++) {
            assertThat(client("latency").get("/jittery").send(Map.class)).isEqualTo(Map.of());
        }
    }

    @Test
    void aSlowBodyBeyondTheTimeoutTimesOut() {
        downstream.stubFor(get("/dribble")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"id\":\"" + "x".repeat(200) + "\"}")
                        .withChunkedDribbleDelay(10, 1500)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client("latency").get("/dribble").send(Map.class))
                .isInstanceOf(ClientTimeoutException.class);
        assertThat(millisSince(start)).isBetween(250L, 600L);
    }

    @Test
    void aDeadlineShorterThanTheBackoffStopsFurtherAttempts() {
        downstream.stubFor(get("/unavailable").willReturn(aResponse().withStatus(503)));
        long start = System.nanoTime();
        try (ContextPropagator.Scope ignored = Deadline.attach(Deadline.after(Duration.ofMillis(300)))) {
            assertThatThrownBy(() -> client("deadline").get("/unavailable").send(Map.class))
                    .isInstanceOfSatisfying(ClientRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ClientRejectedException.Reason.DEADLINE);
                        assertThat(e.getCause()).isInstanceOf(ClientStatusException.class);
                    });
        }
        assertThat(millisSince(start)).isLessThan(250L);
        assertThat(gets("/unavailable")).isEqualTo(1);
        assertThat(calls("deadline", "rejected_deadline")).isEqualTo(1.0);
    }

    @Test
    void withoutADeadlineTheSameCallIsRetried() {
        downstream.stubFor(get("/unavailable").willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> client("deadline").get("/unavailable").send(Map.class))
                .isInstanceOf(ClientStatusException.class);
        assertThat(gets("/unavailable")).isEqualTo(3);
    }

    @Test
    void thePerAttemptTimeoutIsCappedByTheDeadline() {
        downstream.stubFor(get("/blocked")
                .willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(1500)));
        long start = System.nanoTime();
        try (ContextPropagator.Scope ignored = Deadline.attach(Deadline.after(Duration.ofMillis(100)))) {
            assertThatThrownBy(() -> client("latency").get("/blocked").send(Map.class))
                    .isInstanceOf(ClientTimeoutException.class);
        }
        assertThat(millisSince(start)).isBetween(80L, 250L);
        assertThat(downstream
                        .findAll(getRequestedFor(urlPathEqualTo("/blocked")))
                        .get(0)
                        .getHeader(Deadline.HEADER))
                .satisfies(budget -> assertThat(Long.parseLong(budget)).isBetween(1L, 100L));
    }

    // ---- fallbacks ----

    @Test
    void lastGoodAnswersAFailedGetOfTheSamePath() {
        downstream.stubFor(
                get("/items/1").willReturn(aResponse().withStatus(200).withBody("{\"id\":\"1\"}")));
        assertThat(client("last-good").get("/items/{id}", 1).send(Map.class)).isEqualTo(Map.of("id", "1"));

        downstream.resetAll();
        downstream.stubFor(get("/items/1").willReturn(aResponse().withStatus(503)));
        downstream.stubFor(get("/items/2").willReturn(aResponse().withStatus(503)));
        double before = calls("last-good", "fallback");

        assertThat(client("last-good").get("/items/{id}", 1).send(Map.class)).isEqualTo(Map.of("id", "1"));
        assertThat(calls("last-good", "fallback") - before).isEqualTo(1.0);
        assertThatThrownBy(() -> client("last-good").get("/items/{id}", 2).send(Map.class))
                .isInstanceOf(ClientStatusException.class);
    }

    @Test
    void lastGoodDoesNotHideAClientError() {
        downstream.stubFor(
                get("/things/9").willReturn(aResponse().withStatus(200).withBody("{\"id\":\"9\"}")));
        client("last-good").get("/things/{id}", 9).send(Map.class);
        downstream.stubFor(get("/things/9").willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(() -> client("last-good").get("/things/{id}", 9).send(Map.class))
                .isInstanceOfSatisfying(
                        ClientStatusException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aContributedFallbackAnswersUnlessTheCallHasItsOwn() {
        downstream.stubFor(
                get(urlPathEqualTo("/anything")).willReturn(aResponse().withStatus(500)));
        downstream.stubFor(get("/none").willReturn(aResponse().withStatus(500)));

        assertThat(client("with-fallback").get("/anything").query("q", "a b").send(Map.class))
                .isEqualTo(Map.of("id", "from-fallback", "path", "/anything?q=a+b"));
        assertThat(client("with-fallback")
                        .get("/anything")
                        .fallback(e -> Map.of("id", "per-call"))
                        .send(Map.class))
                .isEqualTo(Map.of("id", "per-call"));
        // The contributed fallback may decline.
        assertThatThrownBy(() -> client("with-fallback").get("/none").send(Map.class))
                .isInstanceOf(ClientStatusException.class);
        assertThat(calls("with-fallback", "fallback")).isEqualTo(1.0);
    }

    // ---- the default entry ----

    @Test
    void aDownstreamWithoutAnEntryTakesTheDefaultEntry() {
        downstream.stubFor(get("/defaulted").willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> client("defaulted").get("/defaulted").send(Map.class))
                .isInstanceOf(ClientException.class);
        assertThat(gets("/defaulted")).isEqualTo(2);
    }

    @Test
    void asyncCallsGoThroughThePoliciesToo() throws Exception {
        downstream.stubFor(get("/async")
                .inScenario("async")
                .whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("ok"));
        downstream.stubFor(get("/async")
                .inScenario("async")
                .whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"a\"}")));
        try {
            Map<?, ?> answer = client("plain")
                    .get("/async")
                    .sendAsync(Map.class)
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            assertThat(answer).isEqualTo(Map.of("id", "a"));
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
        assertThat(gets("/async")).isEqualTo(2);
    }
}
