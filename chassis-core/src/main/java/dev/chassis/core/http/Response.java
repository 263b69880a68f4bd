package dev.chassis.core.http;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.internal.HeaderChecks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A response a handler returns when a plain value (sent as JSON with 200) is not enough: another
 * status, headers, text or bytes. JSON entities are serialized straight into a pooled network
 * buffer when the response is written.
 *
 * <pre>{@code
 * return Response.created("/accounts/" + id, account);
 * return Response.status(202).header("Location", "/jobs/" + job).json(job);
 * return Response.ok().text("pong");
 * }</pre>
 *
 * <p>Header names and values are checked when set: a value with CR, LF or another control
 * character is refused, so it can never reach the wire. Not thread-safe; build it on one thread.
 */
public final class Response {
    /** {@code application/json}. */
    public static final String JSON = "application/json";
    /** {@code text/plain; charset=utf-8}. */
    public static final String TEXT = "text/plain; charset=utf-8";

    private final int status;
    private @Nullable List<Map.Entry<String, String>> headers;
    private @Nullable Object entity;
    private byte @Nullable [] bytes;
    private @Nullable String contentType;

    private Response(int status) {
        this.status = status;
    }

    /**
     * A response with this status and no body yet.
     *
     * @throws IllegalArgumentException if the status is not 200-599
     */
    public static Response status(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 200-599)");
        }
        return new Response(status);
    }

    /** 200 with no body yet. */
    public static Response ok() {
        return new Response(200);
    }

    /** 200 with a JSON body. */
    public static Response ok(Object entity) {
        return new Response(200).json(entity);
    }

    /** 201 with a {@code Location} and a JSON body. */
    public static Response created(String location, Object entity) {
        return new Response(201).header("Location", location).json(entity);
    }

    /**
     * An error response with a problem body, sent as {@code application/problem+json}.
     *
     * @throws IllegalArgumentException if the problem's status is not 400-599
     */
    public static Response problem(Problem problem) {
        requireNonNull(problem, "problem");
        if (problem.status() < 400 || problem.status() > 599) {
            throw new IllegalArgumentException("problem.status: " + problem.status() + " (expected: 400-599)");
        }
        Response response = new Response(problem.status());
        response.entity = problem;
        response.contentType = Problem.MEDIA_TYPE;
        return response;
    }

    /** 204 No Content. */
    public static Response noContent() {
        return new Response(204);
    }

    /** Sets a JSON body, serialized when the response is written. */
    public Response json(Object entity) {
        this.entity = requireNonNull(entity, "entity");
        this.bytes = null;
        this.contentType = JSON;
        return this;
    }

    /** Sets a UTF-8 text body. */
    public Response text(String text) {
        return bytes(requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8), TEXT);
    }

    /** Sets a body of bytes with its media type. The array is not copied. */
    public Response bytes(byte[] body, String contentType) {
        this.bytes = requireNonNull(body, "body");
        this.entity = null;
        this.contentType = HeaderChecks.value("Content-Type", requireNonNull(contentType, "contentType"));
        return this;
    }

    /**
     * Adds a header field.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds CR, LF or
     *     another control character
     */
    public Response header(String name, String value) {
        HeaderChecks.name(name);
        HeaderChecks.value(name, value);
        if (headers == null) {
            headers = new ArrayList<>(4);
        }
        headers.add(Map.entry(name, value));
        return this;
    }

    /** The status. */
    public int status() {
        return status;
    }

    /** The header fields added, in order; a read-only view. */
    public List<Map.Entry<String, String>> headers() {
        return headers == null ? List.of() : Collections.unmodifiableList(headers);
    }

    /** The first value of a header added, matched ignoring case. */
    public Optional<String> header(String name) {
        if (headers != null) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return Optional.of(h.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /** The JSON entity, if the body is one. */
    public Optional<Object> entity() {
        return Optional.ofNullable(entity);
    }

    /** The raw body, if the body is text or bytes. */
    public Optional<byte[]> bytes() {
        return Optional.ofNullable(bytes);
    }

    /** The media type of the body, if there is a body. */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    @Override
    public String toString() {
        return "Response[" + status + (contentType == null ? "" : ", " + contentType) + "]";
    }
}
