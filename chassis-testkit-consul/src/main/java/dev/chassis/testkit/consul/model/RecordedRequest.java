package dev.chassis.testkit.consul.model;

import java.time.Instant;

/**
 * A request the fake agent received, recorded when it arrived.
 *
 * @param method the method, {@code PUT}
 * @param path the path as sent, {@code /v1/agent/service/deregister/orders-1}
 * @param query the query string as sent without the {@code ?}, empty when there is none
 * @param time when it arrived
 */
public record RecordedRequest(String method, String path, String query, Instant time) {
    /** Whether the method matches and the path starts with the prefix. */
    public boolean matches(String method, String pathPrefix) {
        return this.method.equals(method) && path.startsWith(pathPrefix);
    }
}
