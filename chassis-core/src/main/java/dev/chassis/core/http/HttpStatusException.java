package dev.chassis.core.http;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.common.ChassisException;
import dev.chassis.core.internal.HeaderChecks;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler or filter to answer with an error status; becomes an
 * {@code application/problem+json} response carrying the detail (so write details for clients:
 * they are sent as they are).
 *
 * <pre>{@code
 * throw HttpStatusException.notFound("no account " + id);
 * throw new HttpStatusException(409, "account " + id + " is closed").type("https://bank.example/problems/closed");
 * throw HttpStatusException.conflict("the balance is too low")
 *         .type("https://bank.example/problems/insufficient-funds")
 *         .member("balanceCents", 1200);
 * }</pre>
 *
 * <p>Not thread-safe while being built; throw it once built.
 */
public class HttpStatusException extends ChassisException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private String type = Problem.ABOUT_BLANK;
    private @Nullable String title;
    private final transient List<FieldError> errors = new ArrayList<>(0);
    private final transient List<Map.Entry<String, String>> headers = new ArrayList<>(0);
    private final transient Map<String, Object> members = new java.util.LinkedHashMap<>(0);
    private static final java.util.regex.Pattern MEMBER = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]{2,}");

    /**
     * Creates an exception for an error status.
     *
     * @param status 400 to 599
     * @param detail what went wrong, for the client
     * @throws IllegalArgumentException if the status is not an error status
     */
    public HttpStatusException(int status, String detail) {
        this(status, detail, null);
    }

    /**
     * Creates an exception for an error status with the cause that led to it (logged, never sent).
     *
     * @throws IllegalArgumentException if the status is not an error status
     */
    public HttpStatusException(int status, String detail, @Nullable Throwable cause) {
        super(requireNonNull(detail, "detail"), cause);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 400-599)");
        }
        this.status = status;
    }

    /** 400 Bad Request. */
    public static HttpStatusException badRequest(String detail) {
        return new HttpStatusException(400, detail);
    }

    /** 404 Not Found. */
    public static HttpStatusException notFound(String detail) {
        return new HttpStatusException(404, detail);
    }

    /** 409 Conflict. */
    public static HttpStatusException conflict(String detail) {
        return new HttpStatusException(409, detail);
    }

    /** 503 Service Unavailable, with {@code Retry-After} in whole seconds (at least 1). */
    public static HttpStatusException unavailable(String detail, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new HttpStatusException(503, detail).header("Retry-After", Long.toString(seconds));
    }

    /**
     * 400 with the invalid fields listed in the {@code errors} member.
     *
     * @throws IllegalArgumentException if {@code errors} is empty
     */
    public static HttpStatusException invalid(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("errors: [] (expected: at least one)");
        }
        HttpStatusException e =
                badRequest(errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid");
        e.errors.addAll(errors);
        return e;
    }

    /** Sets the problem {@code type} URI; the default is {@code about:blank}. */
    public HttpStatusException type(String type) {
        this.type = requireNonNull(type, "type");
        return this;
    }

    /** Sets the problem {@code title}; the default is the status' reason phrase. */
    public HttpStatusException title(String title) {
        this.title = requireNonNull(title, "title");
        return this;
    }

    /**
     * Adds a header to the error response, such as {@code Retry-After}.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds a control
     *     character
     */
    public HttpStatusException header(String name, String value) {
        HeaderChecks.name(name);
        HeaderChecks.value(name, value);
        headers.add(Map.entry(name, value));
        return this;
    }

    /**
     * Adds an RFC 9457 extension member to the problem: written next to {@code type},
     * {@code title} and the rest, as JSON writes the value (a string, number, boolean, list, map or
     * record). Members are sent to the client, so put in them only what a client may see.
     *
     * @param name a letter then letters, digits or {@code _}, at least three in all (as RFC 9457
     *     recommends), and none of {@link Problem#STANDARD_MEMBERS}
     * @throws IllegalArgumentException if the name is not of that form or is a standard member's
     */
    public HttpStatusException member(String name, Object value) {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
        if (!MEMBER.matcher(name).matches() || Problem.STANDARD_MEMBERS.contains(name)) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: a letter, then letters, digits or _,"
                    + " three or more in all, and not one of " + new java.util.TreeSet<>(Problem.STANDARD_MEMBERS)
                    + ")");
        }
        members.put(name, value);
        return this;
    }

    /** The extension members added, by name. */
    public Map<String, Object> members() {
        return java.util.Collections.unmodifiableMap(members);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The detail sent to the client. */
    public String detail() {
        return super.getMessage();
    }

    /** The headers to add to the error response. */
    public List<Map.Entry<String, String>> headers() {
        return List.copyOf(headers);
    }

    /** The invalid fields, for validation failures. */
    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** The problem this exception is answered with. */
    public Problem toProblem(@Nullable String correlationId) {
        String t = title != null ? title : HttpResponseStatus.valueOf(status).reasonPhrase();
        return new Problem(type, t, status, detail(), null, correlationId, errors, members);
    }
}
