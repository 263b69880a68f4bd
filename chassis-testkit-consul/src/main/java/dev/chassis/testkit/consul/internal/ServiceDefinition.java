package dev.chassis.testkit.consul.internal;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A service as registered through {@code /v1/agent/service/register}, after the agent's defaults
 * (ID from the name, weights 1/1, tagged addresses for an IP address).
 *
 * @param id the service ID
 * @param name the service name
 * @param tags the tags
 * @param address the address, empty for the node's
 * @param port the port
 * @param meta the metadata; null when the registration sent none, as Consul then shows null
 * @param taggedAddresses tagged addresses by tag, each {@code {Address, Port}}
 * @param weightPassing DNS weight while passing
 * @param weightWarning DNS weight while warning
 * @param enableTagOverride whether tags may be changed by others
 * @param checks the checks registered with it, already named
 */
record ServiceDefinition(
        String id,
        String name,
        List<String> tags,
        String address,
        int port,
        @Nullable Map<String, String> meta,
        Map<String, ServiceAddress> taggedAddresses,
        int weightPassing,
        int weightWarning,
        boolean enableTagOverride,
        List<CheckDefinition> checks) {

    /** A tagged address. */
    record ServiceAddress(String address, int port) {}

    /** Whether the catalog would see this as the same service, checks aside. */
    boolean sameServiceAs(ServiceDefinition other) {
        return id.equals(other.id)
                && name.equals(other.name)
                && tags.equals(other.tags)
                && address.equals(other.address)
                && port == other.port
                && java.util.Objects.equals(meta, other.meta)
                && taggedAddresses.equals(other.taggedAddresses)
                && weightPassing == other.weightPassing
                && weightWarning == other.weightWarning
                && enableTagOverride == other.enableTagOverride;
    }
}
