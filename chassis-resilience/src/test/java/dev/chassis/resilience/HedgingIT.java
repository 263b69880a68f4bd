package dev.chassis.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hedged requests against a downstream with two instances, one of them slow: the caller's p99
 * falls from the slow instance's latency to about the hedge's wait, hedges are paid from the
 * retry budget, and calls that are not idempotent are never hedged.
 */
class HedgingIT {
    private static final int SLOW_MS = 600;
    private static final WireMockServer slow = new WireMockServer(options().dynamicPort());
    private static final WireMockServer fast = new WireMockServer(options().dynamicPort());
    private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private static TestService app;

    @BeforeAll
    static void start() {
        slow.start();
        fast.start();
        String urls = "[http://127.0.0.1:%d, http://127.0.0.1:%d]".formatted(slow.port(), fast.port());
        String yaml = """
                clients:
                  hedged: {urls: %1$s, load-balancer: round-robin}
                  unhedged: {urls: %1$s, load-balancer: round-robin}
                  hedged-small-budget: {urls: %1$s, load-balancer: round-robin}
                resilience:
                  hedged:
                    hedge: {enabled: true, delay: 40ms}
                    retry: {max-attempts: 1}
                    retry-budget: {ratio: 1.0, min-retries-per-second: 1}
                    circuit-breaker: {enabled: false}
                  unhedged:
                    retry: {max-attempts: 1}
                    circuit-breaker: {enabled: false}
                  hedged-small-budget:
                    hedge: {enabled: true, delay: 40ms}
                    retry: {max-attempts: 1}
                    retry-budget: {ratio: 0.2, min-retries-per-second: 0, window: 10s}
                    circuit-breaker: {enabled: false}
                """.formatted(urls);
        app = TestService.create(yaml, registry);
        app.service().start();
    }

    @AfterAll
    static void stop() {
        app.service().stop();
        slow.stop();
        fast.stop();
    }

    @BeforeEach
    void stubs() {
        slow.resetAll();
        fast.resetAll();
        slow.stubFor(
                any(anyUrl()).willReturn(aResponse().withFixedDelay(SLOW_MS).withBody("{\"from\":\"slow\"}")));
        fast.stubFor(any(anyUrl()).willReturn(aResponse().withBody("{\"from\":\"fast\"}")));
    }

    private static double counter(String name, String downstream) {
        var c = registry.find(name).tags("downstream", downstream).counter();
        return c == null ? 0 : c.count();
    }

    private static int received() {
        return slow.findAll(anyRequestedFor(anyUrl())).size()
                + fast.findAll(anyRequestedFor(anyUrl())).size();
    }

    /** Sequential GETs, each call's time in milliseconds, sorted. */
    private static List<Long> timedGets(String client, int calls) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            Map<?, ?> answer = app.clients().get(client).get("/quote/{n}", i).send(Map.class);
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(answer.containsKey("from")).isTrue();
        }
        Collections.sort(millis);
        return millis;
    }

    private static long p99(List<Long> sorted) {
        return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    }

    @Test
    void aHedgeToTheOtherInstanceWinsAgainstTheSlowOne() {
        int calls = 30;
        List<Long> without = timedGets("unhedged", calls);
        assertThat(p99(without))
                .as("without hedging the slow instance sets the p99")
                .isGreaterThanOrEqualTo(SLOW_MS);
        slow.resetRequests();
        fast.resetRequests();

        List<Long> with = timedGets("hedged", calls);

        double sent = counter("resilience.hedges.sent", "hedged");
        double won = counter("resilience.hedges.won", "hedged");
        assertThat(p99(with)).as("with hedging: %s", with).isLessThan(SLOW_MS / 2);
        // Round robin sends every other first attempt to the slow instance; each of those is hedged.
        assertThat(sent).isGreaterThanOrEqualTo(calls / 2.0).isLessThanOrEqualTo(calls);
        assertThat(won).isGreaterThanOrEqualTo(calls / 2.0).isLessThanOrEqualTo(sent);
        assertThat(received()).isEqualTo(calls + (int) sent);
    }

    @Test
    void hedgesArePaidFromTheRetryBudget() {
        int calls = 12;
        timedGets("hedged-small-budget", calls);

        double sent = counter("resilience.hedges.sent", "hedged-small-budget");
        // a ratio of 0.2 of 12 calls and no reserve: 2 retries at most
        assertThat(sent).isGreaterThan(0).isLessThanOrEqualTo(2);
        assertThat(received()).isEqualTo(calls + (int) sent);
    }

    @Test
    void aPostWithoutAnIdempotencyKeyIsNeverHedged() {
        double before = counter("resilience.hedges.sent", "hedged");
        for (int i = 0; i < 4; i++) {
            app.clients().get("hedged").post("/orders").body(Map.of("n", i)).send(Map.class);
        }
        assertThat(counter("resilience.hedges.sent", "hedged")).isEqualTo(before);
        assertThat(received()).isEqualTo(4);

        long start = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            app.clients()
                    .get("hedged")
                    .post("/orders")
                    .idempotencyKey("order-" + i)
                    .body(Map.of("n", i))
                    .send(Map.class);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(counter("resilience.hedges.sent", "hedged") - before).isGreaterThanOrEqualTo(1);
        assertThat(millis).as("one of the two went to the slow instance first").isLessThan(SLOW_MS);
    }
}
