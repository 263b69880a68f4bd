package dev.chassis.testkit.consul.internal;

import dev.chassis.testkit.consul.model.CheckStatus;
import dev.chassis.testkit.consul.model.FakeConsulOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link Wire} shapes from the catalog and the agent's identity. Called under the
 * {@link Raft} lock. Thread-safe.
 */
final class Views {
    /** The Consul version the fake answers as. */
    static final String VERSION = "1.21.0";
    /** Where the agent says its server RPC listens. */
    static final String SERVER_ADDRESS = "127.0.0.1:8300";

    private static final String NODE_ADDRESS = "127.0.0.1";

    private final FakeConsulOptions options;
    private final String nodeId;

    Views(FakeConsulOptions options) {
        this.options = options;
        this.nodeId = UUID.nameUUIDFromBytes(options.nodeName().getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    String nodeId() {
        return nodeId;
    }

    // ---- agent ----

    Map<String, Wire.AgentService> agentServices(Catalog catalog) {
        Map<String, Wire.AgentService> out = new TreeMap<>();
        for (ServiceRecord s : catalog.services()) {
            out.put(s.id(), agentService(s));
        }
        return out;
    }

    Wire.AgentService agentService(ServiceRecord s) {
        ServiceDefinition d = s.definition();
        return new Wire.AgentService(
                d.id(),
                d.name(),
                d.tags(),
                d.meta() == null ? Map.of() : new TreeMap<>(d.meta()),
                d.port(),
                d.address(),
                taggedAddresses(d),
                new Wire.Weights(d.weightPassing(), d.weightWarning()),
                d.enableTagOverride(),
                options.datacenter());
    }

    Map<String, Wire.HealthCheck> agentChecks(Catalog catalog) {
        Map<String, Wire.HealthCheck> out = new TreeMap<>();
        for (CheckRecord c : catalog.checks()) {
            out.put(c.id(), check(c, catalog.service(c.serviceId), false));
        }
        return out;
    }

    Map<String, Object> self() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Datacenter", options.datacenter());
        config.put("PrimaryDatacenter", options.datacenter());
        config.put("NodeName", options.nodeName());
        config.put("NodeID", nodeId);
        config.put("Revision", "fake");
        config.put("Server", true);
        config.put("Version", VERSION);
        config.put("BuildDate", "2025-05-06T00:00:00Z");
        Map<String, Object> coord = new LinkedHashMap<>();
        coord.put("Vec", List.of(0, 0, 0, 0, 0, 0, 0, 0));
        coord.put("Error", 1.5);
        coord.put("Adjustment", 0);
        coord.put("Height", 1.0e-5);
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("Config", config);
        self.put("Coord", coord);
        self.put("Member", member());
        self.put("Stats", Map.of("consul", new TreeMap<>(Map.of("server", "true", "leader", "true"))));
        self.put("Meta", nodeMeta());
        return self;
    }

    private Map<String, Object> member() {
        Map<String, String> tags = new TreeMap<>();
        tags.put("acls", "0");
        tags.put("build", VERSION + ":fake");
        tags.put("dc", options.datacenter());
        tags.put("id", nodeId);
        tags.put("port", "8300");
        tags.put("raft_vsn", "3");
        tags.put("role", "consul");
        tags.put("segment", "");
        tags.put("vsn", "2");
        tags.put("vsn_max", "3");
        tags.put("vsn_min", "2");
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("Name", options.nodeName());
        member.put("Addr", NODE_ADDRESS);
        member.put("Port", 8301);
        member.put("Tags", tags);
        member.put("Status", 1);
        member.put("ProtocolMin", 1);
        member.put("ProtocolMax", 5);
        member.put("ProtocolCur", 2);
        member.put("DelegateMin", 2);
        member.put("DelegateMax", 5);
        member.put("DelegateCur", 4);
        return member;
    }

    // ---- catalog and health ----

    /** {@code /v1/catalog/services}: every service name with the union of its tags. */
    Map<String, List<String>> catalogServices(Catalog catalog) {
        Map<String, TreeSet<String>> tags = new TreeMap<>();
        tags.put(Catalog.CONSUL_SERVICE, new TreeSet<>());
        for (ServiceRecord s : catalog.services()) {
            tags.computeIfAbsent(s.name(), n -> new TreeSet<>())
                    .addAll(s.definition().tags());
        }
        Map<String, List<String>> out = new TreeMap<>();
        tags.forEach((name, set) -> out.put(name, List.copyOf(set)));
        return out;
    }

    /**
     * {@code /v1/health/service/<name>}: the instances with their node and checks, node checks
     * first; only those carrying every tag (ignoring case), and only those with every check
     * passing when asked.
     */
    List<Wire.ServiceEntry> health(Catalog catalog, String name, List<String> tags, boolean passingOnly) {
        List<Wire.ServiceEntry> out = new ArrayList<>();
        if (name.equals(Catalog.CONSUL_SERVICE)) {
            out.add(new Wire.ServiceEntry(node(catalog), consulService(), List.of(serfHealth(catalog))));
        }
        for (ServiceRecord s : catalog.services()) {
            if (!s.name().equals(name) || !hasTags(s.definition().tags(), tags)) {
                continue;
            }
            List<Wire.HealthCheck> checks = new ArrayList<>();
            checks.add(serfHealth(catalog));
            for (CheckRecord c : catalog.checksOf(s.id())) {
                checks.add(check(c, s, true));
            }
            out.add(new Wire.ServiceEntry(node(catalog), nodeService(s), checks));
        }
        if (passingOnly) {
            out.removeIf(entry ->
                    entry.checks().stream().anyMatch(c -> !c.status().equals(CheckStatus.PASSING.wireName())));
        }
        return out;
    }

    private static boolean hasTags(List<String> serviceTags, List<String> wanted) {
        for (String tag : wanted) {
            if (serviceTags.stream().noneMatch(t -> t.equalsIgnoreCase(tag))) {
                return false;
            }
        }
        return true;
    }

    private Wire.Node node(Catalog catalog) {
        Map<String, String> tagged = new TreeMap<>();
        tagged.put("lan", NODE_ADDRESS);
        tagged.put("lan_ipv4", NODE_ADDRESS);
        tagged.put("wan", NODE_ADDRESS);
        tagged.put("wan_ipv4", NODE_ADDRESS);
        return new Wire.Node(
                nodeId,
                options.nodeName(),
                NODE_ADDRESS,
                options.datacenter(),
                tagged,
                nodeMeta(),
                catalog.nodeIndex(),
                catalog.nodeIndex());
    }

    private static Map<String, String> nodeMeta() {
        return new TreeMap<>(Map.of("consul-network-segment", "", "consul-version", VERSION));
    }

    private Wire.NodeService nodeService(ServiceRecord s) {
        ServiceDefinition d = s.definition();
        return new Wire.NodeService(
                d.id(),
                d.name(),
                d.tags(),
                d.address(),
                taggedAddresses(d),
                d.meta() == null ? null : new TreeMap<>(d.meta()),
                d.port(),
                new Wire.Weights(d.weightPassing(), d.weightWarning()),
                d.enableTagOverride(),
                proxy(),
                Map.of(),
                s.createIndex(),
                s.modifyIndex());
    }

    private static Wire.NodeService consulService() {
        Map<String, String> meta = new TreeMap<>();
        meta.put("non_voter", "false");
        meta.put("raft_version", "3");
        meta.put("read_replica", "false");
        meta.put("serf_protocol_current", "2");
        meta.put("serf_protocol_max", "5");
        meta.put("serf_protocol_min", "1");
        meta.put("version", VERSION);
        return new Wire.NodeService(
                Catalog.CONSUL_SERVICE,
                Catalog.CONSUL_SERVICE,
                List.of(),
                "",
                Map.of(),
                meta,
                8300,
                new Wire.Weights(1, 1),
                false,
                proxy(),
                Map.of(),
                Raft.BOOT_INDEX,
                Raft.BOOT_INDEX);
    }

    private static Map<String, Object> proxy() {
        Map<String, Object> proxy = new LinkedHashMap<>();
        proxy.put("Mode", "");
        proxy.put("MeshGateway", Map.of());
        proxy.put("Expose", Map.of());
        return proxy;
    }

    private Wire.HealthCheck serfHealth(Catalog catalog) {
        return new Wire.HealthCheck(
                options.nodeName(),
                "serfHealth",
                "Serf Health Status",
                CheckStatus.PASSING.wireName(),
                "",
                "Agent alive and reachable",
                "",
                "",
                List.of(),
                "",
                "",
                "",
                0,
                Map.of(),
                catalog.nodeIndex(),
                catalog.nodeIndex());
    }

    /** A check; the agent's own view carries no raft indexes, the catalog's does. */
    Wire.HealthCheck check(CheckRecord c, @Nullable ServiceRecord service, boolean withIndexes) {
        CheckDefinition d = c.definition;
        return new Wire.HealthCheck(
                options.nodeName(),
                c.id(),
                d.name(),
                c.status.wireName(),
                d.notes(),
                c.output,
                c.serviceId,
                service == null ? "" : service.name(),
                service == null ? List.of() : service.definition().tags(),
                d.type(),
                display(d.interval()),
                display(d.timeout()),
                0,
                Map.of(),
                withIndexes ? c.createIndex : 0,
                withIndexes ? c.modifyIndex : 0);
    }

    private static String display(Duration d) {
        return d.isZero() ? "" : GoDuration.format(d);
    }

    private static Map<String, Wire.TaggedAddress> taggedAddresses(ServiceDefinition d) {
        Map<String, Wire.TaggedAddress> out = new TreeMap<>();
        d.taggedAddresses().forEach((tag, a) -> out.put(tag, new Wire.TaggedAddress(a.address(), a.port())));
        return out;
    }

    /** The content hash Consul sends as {@code X-Consul-ContentHash}: 16 hex digits. */
    static String contentHash(byte[] json) {
        long h = 0xcbf29ce484222325L;
        for (byte b : json) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return String.format(Locale.ROOT, "%016x", h);
    }
}
