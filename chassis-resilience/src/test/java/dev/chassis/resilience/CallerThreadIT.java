package dev.chassis.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientTimeoutException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the caller's thread sees when a call times out or the thread is interrupted: a caller
 * blocked in {@code send()} is released when the attempt's timeout passes, with a
 * {@link ClientTimeoutException} and its interrupt flag untouched; a caller interrupted while it
 * waits gets a {@link ClientException} at once and keeps its interrupt flag.
 */
class CallerThreadIT {
    private final WireMockServer slow = new WireMockServer(options().dynamicPort());
    private TestService app;

    @BeforeEach
    void start() {
        slow.start();
        slow.stubFor(get("/slow")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{}")
                        .withFixedDelay(3_000)));
        app = TestService.create("""
                clients:
                  slow: {urls: [http://127.0.0.1:%d], response-timeout: 10s}
                resilience:
                  slow:
                    retry: {max-attempts: 1}
                    timeout: {per-attempt: 200ms}
                """.formatted(slow.port()), new SimpleMeterRegistry());
        app.service().start();
    }

    @AfterEach
    void stop() {
        app.service().stop();
        slow.stop();
    }

    @Test
    void aCallerBlockedInSendIsReleasedWhenTheAttemptTimesOut() {
        long start = System.nanoTime();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try {
            app.clients().get("slow").get("/slow").send(Map.class);
        } catch (RuntimeException e) {
            thrown.set(e);
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(thrown.get()).isInstanceOf(ClientTimeoutException.class);
        assertThat(tookMs)
                .as("released at the 200 ms timeout, not the 3 s answer")
                .isBetween(150L, 1_500L);
        assertThat(Thread.currentThread().isInterrupted())
                .as("a timeout does not interrupt the caller")
                .isFalse();
    }

    @Test
    void anInterruptedCallerGetsAClientExceptionKeepsItsFlagAndItsCallIsCancelled() throws Exception {
        app.live()
                .replace(dev.chassis.core.config.ConfigSource.properties(
                        "test", Map.of("resilience.slow.timeout.per-attempt", "0s")));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                app.clients().get("slow").get("/slow").send(Map.class);
            } catch (RuntimeException e) {
                thrown.set(e);
            }
            flag.set(Thread.currentThread().isInterrupted());
            done.complete(null);
        });
        caller.start();
        await().atMost(Duration.ofSeconds(2))
                .until(() -> !slow.getAllServeEvents().isEmpty()
                        || slow.findAllUnmatchedRequests().size() > 0
                        || slow.countRequestsMatching(
                                                com.github.tomakehurst.wiremock.matching.RequestPattern.everything())
                                        .getCount()
                                > 0);
        long start = System.nanoTime();
        caller.interrupt();
        done.get(2, TimeUnit.SECONDS);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000L);
        assertThat(thrown.get())
                .isInstanceOf(ClientException.class)
                .isNotInstanceOf(ClientTimeoutException.class)
                .hasMessage("slow: interrupted while waiting for the response");
        assertThat(flag.get()).as("the interrupt flag is kept").isTrue();
    }
}
