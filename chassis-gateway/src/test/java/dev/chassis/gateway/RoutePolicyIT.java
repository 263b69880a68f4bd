package dev.chassis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each route's timeout, retries, bulkhead and the caller's deadline, with the meters and access log. */
class RoutePolicyIT {
    static final RawUpstream raw = start();

    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(GatewayService::create)
            .yaml("""
                    clients:
                      flaky:
                        urls: [http://127.0.0.1:1, %s]
                    gateway:
                      routes:
                        - {id: flaky, path-prefix: /flaky, service: flaky}
                        - {id: slow, path-prefix: /slow, url: "%s", timeout: 100ms}
                        - {id: narrow, path-prefix: /narrow, url: "%s", max-concurrent: 1}
                        - {id: patient, path-prefix: /patient, url: "%s"}
                    """.formatted(raw.url(), raw.url(), raw.url(), raw.url()))
            .build();

    private static RawUpstream start() {
        try {
            return new RawUpstream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopRaw() throws IOException {
        raw.close();
    }

    @Test
    void idempotentRequestsAreRetriedOnAnotherInstanceAndOthersAreNot() {
        // Instances are taken in turn: the first attempt of each request alternates between the dead one and the live
        // one.
        app.client().get("/flaky/a", "X-Correlation-ID", "retry-1").assertStatus(200);
        app.client()
                .post("/flaky/b", "{}", "X-Correlation-ID", "retry-2")
                .problem()
                .hasStatus(503);
        app.client().post("/flaky/c", "{}").assertStatus(200);
        assertThat(app.metrics().timerCount("gateway.upstream.duration", "route", "flaky", "status", "0"))
                .isEqualTo(2);
        assertThat(app.metrics().timerCount("gateway.upstream.duration", "route", "flaky", "status", "200"))
                .isEqualTo(2);
        assertThat(app.metrics().timerCount("gateway.requests", "route", "flaky", "service", "flaky", "status", "200"))
                .isEqualTo(2);
        assertThat(app.metrics().timerCount("gateway.requests", "route", "flaky", "status", "503"))
                .isEqualTo(1);
        assertThat(app.logs()
                        .await(e -> "retry-1".equals(e.correlationId())
                                && e.logger().equals("dev.chassis.gateway.Access")
                                && e.message()
                                        .contains("route=flaky instance=" + raw.url() + " status=200 outcome=ok")))
                .hasSize(1);
    }

    @Test
    void aSlowUpstreamIsA504WithinTheRouteTimeout() {
        long begin = System.nanoTime();
        TestResponse r = app.client().get("/slow/x", "X-Correlation-ID", "slow-1");
        r.problem().hasStatus(504).hasDetail("route 'slow': the upstream service did not answer in time");
        assertThat(r.correlationId()).isEqualTo("slow-1");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofMillis(290));
    }

    @Test
    void theCallersDeadlineShortensTheTimeoutAndIsPassedOn() {
        int seen = raw.received().length();
        long begin = System.nanoTime();
        app.client().get("/patient/x", "X-Request-Timeout-Ms", "120").problem().hasStatus(504);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofMillis(290));
        String forwarded = raw.received().substring(seen).toLowerCase(java.util.Locale.ROOT);
        assertThat(forwarded).containsPattern("\r\nx-request-timeout-ms: (1[01][0-9]|120|[1-9][0-9]?)\r\n");
    }

    @Test
    void aFullBulkheadAnswers503AtOnce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> calls = List.of(
                CompletableFuture.supplyAsync(() -> await(go, "/narrow/1")),
                CompletableFuture.supplyAsync(() -> await(go, "/narrow/2")),
                CompletableFuture.supplyAsync(() -> await(go, "/narrow/3")));
        go.countDown();
        List<Integer> statuses =
                calls.stream().map(CompletableFuture::join).sorted().toList();
        assertThat(statuses).contains(200).contains(503);
        assertThat(app.metrics().timerCount("gateway.requests", "route", "narrow", "outcome", "bulkhead-full"))
                .isEqualTo(statuses.stream().filter(s -> s == 503).count());
    }

    private static int await(CountDownLatch go, String path) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return app.client().get(path).status();
    }
}
