package dev.chassis.testkit.consul.internal;

import dev.chassis.testkit.consul.model.CheckStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A check as registered, Consul's {@code CheckType}: what kind it is is decided by which of
 * {@code http}, {@code tcp}, {@code ttl} (and the kinds the fake does not run) is set.
 *
 * @param id the check ID, empty to let the agent name it {@code service:<id>}
 * @param name the name, empty to let the agent name it
 * @param notes free text shown with the check
 * @param status the initial status; critical when absent
 * @param type {@code http}, {@code tcp}, {@code ttl}, {@code script}, {@code grpc}, ...
 * @param target the URL of an HTTP check or the {@code host:port} of a TCP one, else empty
 * @param method the HTTP method, {@code GET} when not given
 * @param header HTTP headers to send
 * @param body the HTTP body to send
 * @param interval how often the check runs; zero for TTL checks
 * @param timeout how long a run may take; zero for the default (10s)
 * @param ttl how long a TTL check stays without an update before it turns critical
 * @param deregisterCriticalServiceAfter how long the check may stay critical before its service
 *     is removed; zero for never
 * @param successBeforePassing consecutive successes before the status turns passing
 * @param failuresBeforeCritical consecutive failures before the status turns critical
 */
record CheckDefinition(
        String id,
        String name,
        String notes,
        @Nullable CheckStatus status,
        String type,
        String target,
        String method,
        Map<String, List<String>> header,
        String body,
        Duration interval,
        Duration timeout,
        Duration ttl,
        Duration deregisterCriticalServiceAfter,
        int successBeforePassing,
        int failuresBeforeCritical) {

    /** Whether the agent runs it at an interval (HTTP and TCP here). */
    boolean runs() {
        return type.equals("http") || type.equals("tcp");
    }

    /** This definition with an agent-chosen ID and name. */
    CheckDefinition named(String id, String name) {
        return new CheckDefinition(
                id,
                name,
                notes,
                status,
                type,
                target,
                method,
                header,
                body,
                interval,
                timeout,
                ttl,
                deregisterCriticalServiceAfter,
                successBeforePassing,
                failuresBeforeCritical);
    }
}
