package dev.chassis.core.internal.client;

import dev.chassis.core.client.ClientConnectException;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientProblemException;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.ClientTimeoutException;
import dev.chassis.core.client.ProblemType;
import dev.chassis.core.http.Problem;
import dev.chassis.core.internal.Texts;
import dev.chassis.core.internal.json.JsonCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Turns what the transport reports into the client's exceptions. */
final class ResponseErrors {
    private static final int EXCERPT = 512;

    private ResponseErrors() {}

    /** The exception for a non-2xx response: a problem when the body is one. */
    static ClientStatusException status(String downstream, TransportResponse response, JsonCodec json) {
        return status(downstream, response, json, java.util.Map.of());
    }

    /**
     * As above; a problem whose type the team mapped becomes the team's exception.
     *
     * @param types the team's mappings by problem type
     */
    static ClientStatusException status(
            String downstream,
            TransportResponse response,
            JsonCodec json,
            java.util.Map<String, ProblemType<?>> types) {
        Duration retryAfter = retryAfter(response.headers().get(HttpHeaderNames.RETRY_AFTER));
        DefaultClientResponse whole = new DefaultClientResponse(downstream, response, json);
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith(Problem.MEDIA_TYPE)) {
            try {
                Problem problem = json.mapper().readValue(response.body(), Problem.class);
                if (problem.status() == 0) {
                    problem = problem.withStatus(response.status());
                }
                ClientProblemException general = new ClientProblemException(downstream, problem, retryAfter, whole);
                ProblemType<?> mapped = types.get(problem.type());
                return mapped == null ? general : mapped.map(general);
            } catch (java.io.IOException | RuntimeException e) {
                // Not a readable problem after all (or a mapping that failed): the status and the text.
            }
        }
        String excerpt = Texts.clean(new String(response.body(), StandardCharsets.UTF_8), EXCERPT);
        return new ClientStatusException(downstream, response.status(), excerpt, retryAfter, whole);
    }

    /** The exception for an attempt that got no response. */
    static ClientException failure(String downstream, Throwable failure, Duration timeout) {
        Throwable t =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof ClientException e) {
            return e;
        }
        if (t instanceof TimeoutException) {
            return new ClientTimeoutException(downstream, timeout);
        }
        if (t instanceof CancellationException) {
            return new ClientTimeoutException(downstream, timeout);
        }
        if (t instanceof ConnectException) {
            return new ClientConnectException(downstream, "cannot connect: " + t.getMessage(), false, t);
        }
        if (t instanceof TransportException e) {
            return new ClientConnectException(downstream, "connection failed: " + e.getMessage(), e.written(), e);
        }
        return new ClientConnectException(downstream, "request failed: " + t, true, t);
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static @Nullable Duration retryAfter(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(
                        ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }
}
