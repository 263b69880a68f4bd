package dev.chassis.testkit.internal;

import java.util.List;
import java.util.Map;

/** How the test client reaches the service: a socket or the in-memory channel. */
public interface Transport {
    /**
     * A response as received.
     *
     * @param status the status
     * @param headers header fields, names lower case
     * @param body the body
     */
    record Result(int status, Map<String, List<String>> headers, byte[] body) {}

    /** Sends one request and waits for the response. */
    Result send(String method, String path, Map<String, List<String>> headers, byte[] body);
}
