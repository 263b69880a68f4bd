package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.context.Deadline;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The caller's budget in the chassis', gRPC's and Envoy's headers, as the handler's deadline sees it. */
class DeadlineHeadersIT {
    record Left(long millis) {}

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.builder()
                .config("request-timeout: 30s")
                .routes(r -> r.get(
                        "/left",
                        req -> new Left(
                                Deadline.current().orElseThrow().remaining().toMillis())))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static RawHttp.Response get(Map<String, String> headers) throws Exception {
        StringBuilder head = new StringBuilder("GET /left HTTP/1.1\r\nHost: x\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(head.append("\r\n").toString());
            return raw.readResponses(1).get(0);
        }
    }

    private static long left(Map<String, String> headers) throws Exception {
        RawHttp.Response r = get(headers);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Long.parseLong(r.body().replaceAll("\\D", ""));
    }

    @Test
    void eachFormSetsTheHandlersDeadline() throws Exception {
        assertThat(left(Map.of())).isBetween(29_000L, 30_000L);
        assertThat(left(Map.of("X-Request-Timeout-Ms", "2000"))).isBetween(1_000L, 2_000L);
        assertThat(left(Map.of("grpc-timeout", "2S"))).isBetween(1_000L, 2_000L);
        assertThat(left(Map.of("grpc-timeout", "1500m"))).isBetween(500L, 1_500L);
        assertThat(left(Map.of("grpc-timeout", "1M"))).isBetween(29_000L, 30_000L);
        assertThat(left(Map.of("x-envoy-expected-rq-timeout-ms", "2500"))).isBetween(1_500L, 2_500L);
        assertThat(left(Map.of("x-envoy-expected-rq-timeout-ms", "0")))
                .as("Envoy's 0 is no timeout")
                .isBetween(29_000L, 30_000L);
    }

    @Test
    void theSmallestBudgetWins() throws Exception {
        assertThat(left(Map.of(
                        "X-Request-Timeout-Ms", "20000",
                        "grpc-timeout", "1S",
                        "x-envoy-expected-rq-timeout-ms", "15000")))
                .isBetween(0L, 1_000L);
    }

    @Test
    void aSpentBudgetIs504AndABadOneIs400NamingTheHeader() throws Exception {
        RawHttp.Response spent = get(Map.of("grpc-timeout", "0n"));
        assertThat(spent.status()).isEqualTo(504);
        assertThat(spent.body()).contains("the caller's deadline had passed when the request arrived");

        RawHttp.Response bad = get(Map.of("grpc-timeout", "5 seconds"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body())
                .contains("grpc-timeout must be up to 8 digits and a unit (H, M, S, m, u or n), such as 250m");
        assertThat(get(Map.of("grpc-timeout", "123456789S")).status())
                .as("nine digits")
                .isEqualTo(400);
        RawHttp.Response envoy = get(Map.of("x-envoy-expected-rq-timeout-ms", "-1"));
        assertThat(envoy.status()).isEqualTo(400);
        assertThat(envoy.body()).contains("x-envoy-expected-rq-timeout-ms must be a whole number of milliseconds");
    }
}
