package dev.chassis.core.http;

import java.util.List;
import java.util.Map;

/**
 * Sends requests to a service started with {@code Service.startInMemory()}: through the same
 * codec, limits, filters, handlers and error mapping as over TCP, without a socket. For tests and
 * tools. Thread-safe.
 */
public interface InMemoryClient {
    /**
     * Sends one request and waits for its response.
     *
     * @param method the method, such as {@code GET}
     * @param uri the request target, such as {@code /hello/world?x=1}
     * @param headers header fields; {@code Host} is added when missing
     * @param body the body; empty for none
     * @throws IllegalStateException if no response arrives within 30 seconds
     */
    Result send(String method, String uri, Map<String, List<String>> headers, byte[] body);

    /**
     * A response as received.
     *
     * @param status the status
     * @param headers header fields, names lower case
     * @param body the body
     */
    record Result(int status, Map<String, List<String>> headers, byte[] body) {}
}
