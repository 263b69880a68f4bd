package dev.chassis.testkit.consul;

/**
 * A check registered with the fake agent, as it stands now, for assertions.
 *
 * @param id the check ID, such as {@code service:orders-1}
 * @param name the check name
 * @param serviceId the ID of the service it belongs to
 * @param type {@code http}, {@code ttl}, {@code tcp}, ...
 * @param status the current status
 * @param output the output of the last run, or the note of the last TTL update
 */
public record CheckState(String id, String name, String serviceId, String type, CheckStatus status, String output) {}
