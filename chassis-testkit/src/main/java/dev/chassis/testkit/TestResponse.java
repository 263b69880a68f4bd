package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response the {@link TestClient} received, with assertions that name what was expected and
 * show what came:
 *
 * <pre>{@code
 * app.client().get("/hello/world").assertStatus(200).assertJson("{\"message\":\"hello, world\"}");
 * app.client().post("/echo", Map.of("times", 99)).problem().hasStatus(400).hasError("/times", "must be between 1 and 10");
 * }</pre>
 *
 * <p>Immutable.
 */
public final class TestResponse {
    private static final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    private final String request;
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final long sentNanos;
    private final long receivedNanos;

    TestResponse(
            String request,
            int status,
            Map<String, List<String>> headers,
            byte[] body,
            long sentNanos,
            long receivedNanos) {
        this.request = request;
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.sentNanos = sentNanos;
        this.receivedNanos = receivedNanos;
    }

    /** The status. */
    public int status() {
        return status;
    }

    /** The first value of a header; case-insensitive. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body as UTF-8 text. */
    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The correlation ID the service echoed. */
    public String correlationId() {
        return header("X-Correlation-ID")
                .orElseThrow(() -> new AssertionError(request + ": no X-Correlation-ID in the response"));
    }

    /** The body read as JSON into a type. */
    public <T> T json(Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new AssertionError(request + ": the body is not JSON of " + type.getSimpleName() + ": " + body(), e);
        }
    }

    /** The body read as JSON into a generic type. */
    public <T> T json(TypeReference<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new AssertionError(request + ": the body is not JSON of " + type.getType() + ": " + body(), e);
        }
    }

    /** The body as a JSON tree. */
    public JsonNode tree() {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(request + ": the body is not JSON: " + body(), e);
        }
    }

    /** Asserts the status. */
    public TestResponse assertStatus(int expected) {
        assertThat(status).as("%s: status (body: %s)", request, body()).isEqualTo(expected);
        return this;
    }

    /** Asserts a header's value. */
    public TestResponse assertHeader(String name, String expected) {
        assertThat(header(name)).as("%s: header %s", request, name).hasValue(expected);
        return this;
    }

    /** Asserts the body is JSON equal to this JSON text (key order and spacing aside). */
    public TestResponse assertJson(String expected) {
        try {
            assertThat(tree()).as("%s: JSON body", request).isEqualTo(json.readTree(expected));
        } catch (IOException e) {
            throw new IllegalArgumentException("expected: not JSON: " + expected, e);
        }
        return this;
    }

    /** Asserts the body is {@code application/problem+json} and returns assertions on it. */
    public ProblemAssert problem() {
        assertThat(header("Content-Type"))
                .as("%s: content type (body: %s)", request, body())
                .hasValue("application/problem+json");
        return new ProblemAssert(request, tree());
    }

    long sentNanos() {
        return sentNanos;
    }

    long receivedNanos() {
        return receivedNanos;
    }

    @Override
    public String toString() {
        return request + " -> " + status + " " + body();
    }
}
