package dev.chassis.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.testkit.internal.Transport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP client for the service under test, the same whether it runs on a socket or in memory.
 * Header arguments are name-value pairs: {@code get("/x", "X-Correlation-ID", "c-1")}. Objects
 * given as bodies are sent as JSON.
 *
 * <pre>{@code
 * Greeting g = app.client().get("/hello/world").assertStatus(200).json(Greeting.class);
 * app.client().post("/echo", new Echo("", 0)).assertStatus(400).problem().hasError("/message", "must not be blank");
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class TestClient {
    private static final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    private final Transport transport;

    TestClient(Transport transport) {
        this.transport = transport;
    }

    /** GET. */
    public TestResponse get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /** DELETE. */
    public TestResponse delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /** POST with a JSON body. */
    public TestResponse post(String path, Object body, String... headers) {
        return send("POST", path, body, headers);
    }

    /** PUT with a JSON body. */
    public TestResponse put(String path, Object body, String... headers) {
        return send("PUT", path, body, headers);
    }

    /**
     * Any method; a {@code byte[]} or {@code String} body is sent as it is (set its
     * {@code Content-Type} in the headers), any other object as JSON.
     */
    public TestResponse send(String method, String path, Object body, String... headers) {
        requireNonNull(method, "method");
        requireNonNull(path, "path");
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers: " + headers.length + " strings (expected: name-value pairs)");
        }
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.computeIfAbsent(headers[i], k -> new ArrayList<>()).add(headers[i + 1]);
        }
        byte[] bytes = new byte[0];
        if (body instanceof byte[] b) {
            bytes = b;
        } else if (body instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else if (body != null) {
            try {
                bytes = json.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("body: cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
            h.putIfAbsent("Content-Type", List.of("application/json"));
        }
        long sent = System.nanoTime();
        Transport.Result r = transport.send(method, path, h, bytes);
        return new TestResponse(method + " " + path, r.status(), r.headers(), r.body(), sent, System.nanoTime());
    }
}
