package dev.chassis.testkit.consul.internal;

import dev.chassis.testkit.consul.model.CheckStatus;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs checks as a Consul agent does: an HTTP check requests its URL every interval (the first
 * time after a random part of one) within its timeout, 2xx is passing, 429 warning, anything else
 * or no answer critical; a TCP check connects; a TTL check turns critical when not updated within
 * its TTL. Results go to the {@link Catalog}. Thread-safe.
 */
final class CheckRunner implements Catalog.CheckLifecycle {
    /** Consul's timeout for HTTP and TCP checks that set none. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Map<String, String> RESTRICTED_HEADERS =
            Map.of("connection", "", "content-length", "", "expect", "", "host", "", "upgrade", "");

    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;
    private final HttpClient http;
    private volatile @Nullable Catalog catalog;

    CheckRunner(ScheduledExecutorService scheduler, ExecutorService io) {
        this.scheduler = scheduler;
        this.io = io;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(io)
                .build();
    }

    /** Where results go; set once, before any check is registered. */
    void reportTo(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void started(CheckRecord check) {
        CheckDefinition d = check.definition;
        if (d.runs()) {
            long stagger = ThreadLocalRandom.current()
                    .nextLong(Math.max(1, d.interval().toNanos()));
            check.scheduled = scheduler.schedule(() -> run(check), stagger, TimeUnit.NANOSECONDS);
        } else if (d.type().equals("ttl")) {
            armTtl(check);
        }
    }

    @Override
    public void stopped(CheckRecord check) {
        Future<?> next = check.scheduled;
        if (next != null) {
            next.cancel(false);
            check.scheduled = null;
        }
    }

    @Override
    public void ttlUpdated(CheckRecord check) {
        stopped(check);
        armTtl(check);
    }

    private void armTtl(CheckRecord check) {
        check.scheduled = scheduler.schedule(
                () -> catalog().expire(check), check.definition.ttl().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void run(CheckRecord check) {
        if (!check.live) {
            return;
        }
        CompletableFuture<Result> result = check.definition.type().equals("http") ? httpCheck(check) : tcpCheck(check);
        result.whenComplete((r, failure) -> {
            Result outcome = failure == null ? r : new Result(CheckStatus.CRITICAL, String.valueOf(failure));
            catalog().runResult(check, outcome.status(), outcome.output());
            scheduleNext(check);
        });
    }

    private void scheduleNext(CheckRecord check) {
        if (check.live) {
            check.scheduled = scheduler.schedule(
                    () -> run(check), check.definition.interval().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private CompletableFuture<Result> httpCheck(CheckRecord check) {
        CheckDefinition d = check.definition;
        String method = d.method().isEmpty() ? "GET" : d.method().toUpperCase(Locale.ROOT);
        String op = method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(d.target()))
                    .method(
                            method,
                            d.body().isEmpty()
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(d.body()));
            boolean userAgent = false;
            boolean accept = false;
            for (Map.Entry<String, List<String>> header : d.header().entrySet()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (RESTRICTED_HEADERS.containsKey(name)) {
                    continue;
                }
                userAgent |= name.equals("user-agent");
                accept |= name.equals("accept");
                for (String value : header.getValue()) {
                    builder.header(header.getKey(), value);
                }
            }
            if (!userAgent) {
                builder.header("User-Agent", "Consul Health Check");
            }
            if (!accept) {
                builder.header("Accept", "text/plain, text/*, */*");
            }
            request = builder.build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    new Result(CheckStatus.CRITICAL, op + " \"" + d.target() + "\": " + e.getMessage()));
        }
        Duration timeout = timeout(d);
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        String dial = isRefused(failure) ? "dial tcp " + hostPort(request.uri()) + ": " : "";
                        return new Result(
                                CheckStatus.CRITICAL, op + " \"" + d.target() + "\": " + dial + goError(failure));
                    }
                    int code = response.statusCode();
                    String body = new String(response.body(), StandardCharsets.UTF_8);
                    if (body.length() > CheckRecord.OUTPUT_MAX_SIZE) {
                        body = body.substring(body.length() - CheckRecord.OUTPUT_MAX_SIZE);
                    }
                    String output = "HTTP " + method + " " + d.target() + ": " + code + " "
                            + HttpResponseStatus.valueOf(code).reasonPhrase() + " Output: " + body;
                    CheckStatus status = code >= 200 && code <= 299
                            ? CheckStatus.PASSING
                            : code == 429 ? CheckStatus.WARNING : CheckStatus.CRITICAL;
                    return new Result(status, output);
                });
    }

    private CompletableFuture<Result> tcpCheck(CheckRecord check) {
        String target = check.definition.target();
        Duration timeout = timeout(check.definition);
        return CompletableFuture.supplyAsync(
                () -> {
                    int colon = target.lastIndexOf(':');
                    try (Socket socket = new Socket()) {
                        if (colon < 0) {
                            throw new IOException("address " + target + ": missing port in address");
                        }
                        String host =
                                target.substring(0, colon).replace("[", "").replace("]", "");
                        int port = Integer.parseInt(target.substring(colon + 1));
                        socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                        return new Result(CheckStatus.PASSING, "TCP connect " + target + ": Success");
                    } catch (IOException | RuntimeException e) {
                        return new Result(CheckStatus.CRITICAL, "dial tcp " + target + ": " + goError(e));
                    }
                },
                io);
    }

    private static boolean isRefused(Throwable failure) {
        return failure instanceof ConnectException || failure.getCause() instanceof ConnectException;
    }

    private static String hostPort(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private static Duration timeout(CheckDefinition d) {
        return d.timeout().isZero() || d.timeout().isNegative() ? DEFAULT_TIMEOUT : d.timeout();
    }

    /** How Go's net/http words the common failures. */
    private static String goError(Throwable failure) {
        Throwable t =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof ConnectException) {
            return "connect: connection refused";
        }
        if (t instanceof TimeoutException
                || t instanceof HttpTimeoutException
                || t instanceof java.net.SocketTimeoutException) {
            return "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private Catalog catalog() {
        Catalog c = catalog;
        if (c == null) {
            throw new IllegalStateException("catalog: null (expected: set with reportTo before checks run)");
        }
        return c;
    }

    private record Result(CheckStatus status, String output) {}
}
