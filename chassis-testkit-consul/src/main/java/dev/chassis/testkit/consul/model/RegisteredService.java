package dev.chassis.testkit.consul.model;

import java.util.List;
import java.util.Map;

/**
 * A service as registered with the fake agent, for assertions.
 *
 * @param id the service ID (the name when none was given)
 * @param name the service name
 * @param tags the tags, in the order registered
 * @param address the address, empty when none was given
 * @param port the port, 0 when none was given
 * @param meta the metadata
 */
public record RegisteredService(
        String id, String name, List<String> tags, String address, int port, Map<String, String> meta) {
    /** Copies the collections. */
    public RegisteredService {
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
    }
}
