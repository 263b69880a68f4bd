package dev.chassis.testkit.consul.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes Consul answers with, field names, order and nulls as Consul writes them. Maps
 * handed in are sorted maps: Go writes map keys in order.
 */
final class Wire {
    private Wire() {}

    /** {@code api.AgentService}: the values of {@code /v1/agent/services}. */
    record AgentService(
            @JsonProperty("ID") String id,
            @JsonProperty("Service") String service,
            @JsonProperty("Tags") List<String> tags,
            @JsonProperty("Meta") Map<String, String> meta,
            @JsonProperty("Port") int port,
            @JsonProperty("Address") String address,

            @JsonProperty("TaggedAddresses") @JsonInclude(JsonInclude.Include.NON_EMPTY)
            Map<String, TaggedAddress> taggedAddresses,

            @JsonProperty("Weights") Weights weights,
            @JsonProperty("EnableTagOverride") boolean enableTagOverride,
            @JsonProperty("Datacenter") String datacenter) {}

    /** {@code structs.ServiceAddress}. */
    record TaggedAddress(
            @JsonProperty("Address") String address,
            @JsonProperty("Port") int port) {}

    /** {@code structs.Weights}. */
    record Weights(
            @JsonProperty("Passing") int passing,
            @JsonProperty("Warning") int warning) {}

    /** {@code structs.HealthCheck}: agent checks and the checks of a service entry. */
    record HealthCheck(
            @JsonProperty("Node") String node,
            @JsonProperty("CheckID") String checkId,
            @JsonProperty("Name") String name,
            @JsonProperty("Status") String status,
            @JsonProperty("Notes") String notes,
            @JsonProperty("Output") String output,
            @JsonProperty("ServiceID") String serviceId,
            @JsonProperty("ServiceName") String serviceName,
            @JsonProperty("ServiceTags") List<String> serviceTags,
            @JsonProperty("Type") String type,
            @JsonProperty("Interval") String interval,
            @JsonProperty("Timeout") String timeout,
            @JsonProperty("ExposedPort") int exposedPort,
            @JsonProperty("Definition") Map<String, Object> definition,
            @JsonProperty("CreateIndex") long createIndex,
            @JsonProperty("ModifyIndex") long modifyIndex) {}

    /** {@code structs.Node}. */
    record Node(
            @JsonProperty("ID") String id,
            @JsonProperty("Node") String node,
            @JsonProperty("Address") String address,
            @JsonProperty("Datacenter") String datacenter,
            @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
            @JsonProperty("Meta") Map<String, String> meta,
            @JsonProperty("CreateIndex") long createIndex,
            @JsonProperty("ModifyIndex") long modifyIndex) {}

    /** {@code structs.NodeService}: the service of a service entry. */
    record NodeService(
            @JsonProperty("ID") String id,
            @JsonProperty("Service") String service,
            @JsonProperty("Tags") List<String> tags,
            @JsonProperty("Address") String address,

            @JsonProperty("TaggedAddresses") @JsonInclude(JsonInclude.Include.NON_EMPTY)
            Map<String, TaggedAddress> taggedAddresses,

            @JsonProperty("Meta") @Nullable Map<String, String> meta,
            @JsonProperty("Port") int port,
            @JsonProperty("Weights") Weights weights,
            @JsonProperty("EnableTagOverride") boolean enableTagOverride,
            @JsonProperty("Proxy") Map<String, Object> proxy,
            @JsonProperty("Connect") Map<String, Object> connect,
            @JsonProperty("CreateIndex") long createIndex,
            @JsonProperty("ModifyIndex") long modifyIndex) {}

    /** {@code structs.CheckServiceNode}: one element of {@code /v1/health/service/<name>}. */
    record ServiceEntry(
            @JsonProperty("Node") Node node,
            @JsonProperty("Service") NodeService service,
            @JsonProperty("Checks") List<HealthCheck> checks) {}

    /** {@code structs.DirEntry}: one element of {@code /v1/kv/<key>}; the value in base64. */
    record KvPair(
            @JsonProperty("LockIndex") long lockIndex,
            @JsonProperty("Key") String key,
            @JsonProperty("Flags") long flags,
            @JsonProperty("Value") byte @Nullable [] value,
            @JsonProperty("CreateIndex") long createIndex,
            @JsonProperty("ModifyIndex") long modifyIndex) {}
}
