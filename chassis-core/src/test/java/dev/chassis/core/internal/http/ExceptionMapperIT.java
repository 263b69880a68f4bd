package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.http.ExceptionMapper;
import dev.chassis.core.http.HttpStatusException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exceptions that modules map to statuses, thrown as they are or wrapped. */
class ExceptionMapperIT {
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final List<String> filterSaw = new CopyOnWriteArrayList<>();
    private static TestServer server;

    static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    static final class Gone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Gone() {
            super("gone");
        }
    }

    /** Answers for Busy with 503; asked second. */
    static final ExceptionMapper BUSY = new ExceptionMapper() {
        @Override
        public Optional<HttpStatusException> map(Throwable failure) {
            return failure instanceof Busy
                    ? Optional.of(HttpStatusException.unavailable("busy, try again", Duration.ofSeconds(2)))
                    : Optional.empty();
        }

        @Override
        public int order() {
            return 10;
        }
    };

    /** Also claims Busy, with 429, but only when its message says so; asked first. */
    static final ExceptionMapper EARLY = new ExceptionMapper() {
        @Override
        public Optional<HttpStatusException> map(Throwable failure) {
            return failure instanceof Busy b && b.getMessage().equals("slow down")
                    ? Optional.of(new HttpStatusException(429, "slow down", failure))
                    : Optional.empty();
        }

        @Override
        public int order() {
            return -10;
        }
    };

    static final ExceptionMapper BROKEN = failure -> {
        throw new IllegalStateException("mapper bug");
    };

    @BeforeAll
    static void start() throws InterruptedException {
        server = TestServer.builder()
                .routes(r -> r.get("/busy", req -> {
                            throw new Busy("pool empty");
                        })
                        .get("/wrapped", req -> {
                            throw new IllegalStateException(
                                    "query failed", new RuntimeException(new Busy("pool empty")));
                        })
                        .get("/first", req -> {
                            throw new Busy("slow down");
                        })
                        .get("/async-busy", req -> CompletableFuture.failedFuture(new Busy("pool empty")))
                        .get("/other", req -> {
                            throw new Gone();
                        }))
                .filter((request, next) -> {
                    Object result = next.handle(request);
                    filterSaw.add(result.getClass().getSimpleName());
                    return result;
                })
                .mapper(BROKEN)
                .mapper(BUSY)
                .mapper(EARLY)
                .start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                BodyHandlers.ofString());
    }

    @Test
    void mappedExceptionGetsTheMappersStatusHeadersAndProblem() throws Exception {
        HttpResponse<String> r = get("/busy");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body())
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                        + "\"detail\":\"busy, try again\"}");
    }

    @Test
    void causesAreOfferedWhenTheExceptionIsWrapped() throws Exception {
        HttpResponse<String> r = get("/wrapped");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void mappersAreAskedInOrder() throws Exception {
        HttpResponse<String> r = get("/first");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("\"detail\":\"slow down\"");
    }

    @Test
    void failedStagesAreMappedToo() throws Exception {
        assertThat(get("/async-busy").statusCode()).isEqualTo(503);
    }

    @Test
    void exceptionNoMapperAnswersForStays500() throws Exception {
        HttpResponse<String> r = get("/other");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("\"detail\":\"The server could not handle the request; the log has details.\"");
    }

    @Test
    void filtersSeeTheMappedResponse() throws Exception {
        filterSaw.clear();
        assertThat(get("/busy").statusCode()).isEqualTo(503);
        assertThat(filterSaw).containsExactly("Response");
    }
}
