package dev.chassis.testkit.consul.model;

import java.time.Duration;

/**
 * A check registered with the fake agent, as it stands now, for assertions.
 *
 * @param id the check ID, such as {@code service:orders-1}
 * @param name the check name
 * @param serviceId the ID of the service it belongs to
 * @param type {@code http}, {@code ttl}, {@code tcp}, ...
 * @param status the current status
 * @param output the output of the last run, or the note of the last TTL update
 * @param target the URL of an HTTP check or the {@code host:port} of a TCP one, else empty
 * @param interval how often an HTTP or TCP check runs (raised to the minimum), zero for others
 * @param timeout how long a run may take, zero for the default
 * @param ttl the TTL of a TTL check, zero for others
 * @param deregisterCriticalServiceAfter how long the check may stay critical before its service
 *     is removed (raised to the minimum), zero for never
 */
public record CheckState(
        String id,
        String name,
        String serviceId,
        String type,
        CheckStatus status,
        String output,
        String target,
        Duration interval,
        Duration timeout,
        Duration ttl,
        Duration deregisterCriticalServiceAfter) {}
