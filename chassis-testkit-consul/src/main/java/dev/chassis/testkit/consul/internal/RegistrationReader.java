package dev.chassis.testkit.consul.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.testkit.consul.internal.ServiceDefinition.ServiceAddress;
import dev.chassis.testkit.consul.model.CheckStatus;
import dev.chassis.testkit.consul.model.FakeConsulOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the body of {@code PUT /v1/agent/service/register} into a {@link ServiceDefinition},
 * validating it in the order Consul's handler does and answering each problem with Consul's 400
 * wording. Thread-safe.
 */
final class RegistrationReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String INTERVAL_REQUIRED =
            "Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks";

    private final FakeConsulOptions options;

    RegistrationReader(FakeConsulOptions options) {
        this.options = options;
    }

    /**
     * Reads and validates a registration.
     *
     * @throws ConsulError 400 with Consul's reason when the body is invalid, 500 for script checks
     *     (disabled on Consul agents unless configured)
     */
    ServiceDefinition read(byte[] body) {
        JsonFields service = new JsonFields(parse(body), "ServiceDefinition");
        String name = service.string("Name");
        String id = service.string("ID");
        String address = service.string("Address");
        int port = service.integer("Port");
        List<String> tags = service.strings("Tags");
        Map<String, String> meta = service.stringMap("Meta");
        JsonFields weights = service.object("Weights", "Weights");
        Map<String, ServiceAddress> tagged = taggedAddresses(service.object("TaggedAddresses", "map"));
        boolean enableTagOverride = service.bool("EnableTagOverride");
        List<JsonFields> checkBodies = checkBodies(service);
        List<CheckDefinition> checks = new ArrayList<>();
        for (JsonFields check : checkBodies) {
            checks.add(check(check));
        }

        if (name.isEmpty()) {
            throw ConsulError.badRequest("Missing service name");
        }
        if (address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]")) {
            throw ConsulError.badRequest("Invalid service address");
        }
        int passing = 1;
        int warning = 1;
        if (weights != null) {
            passing = weights.integer("Passing");
            warning = weights.integer("Warning");
            if (passing < 1) {
                throw ConsulError.badRequest("Invalid Weights: Passing must be greater than 0");
            }
            if (warning < 0) {
                throw ConsulError.badRequest("Invalid Weights: Warning must be greater or equal than 0");
            }
        }
        if (meta != null) {
            validateMeta(meta);
        }
        for (CheckDefinition check : checks) {
            validate(check);
        }
        for (CheckDefinition check : checks) {
            if (check.type().equals("script")) {
                throw new ConsulError(
                        500,
                        "Scripts are disabled on this agent from remote calls; to enable, configure"
                                + " 'enable_script_checks' to true");
            }
        }
        String serviceId = id.isEmpty() ? name : id;
        return new ServiceDefinition(
                serviceId,
                name,
                tags == null ? List.of() : List.copyOf(tags),
                address,
                port,
                meta,
                withDefaultTaggedAddresses(tagged, address, port),
                passing,
                warning,
                enableTagOverride,
                named(checks, serviceId, name));
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ConsulError.badRequest("Request decode failed: EOF");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ConsulError.badRequest("Request decode failed: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ConsulError.badRequest("Request decode failed: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw ConsulError.badRequest("Request decode failed: EOF");
        }
        if (!tree.isObject() && !tree.isNull()) {
            throw ConsulError.badRequest("Request decode failed: json: cannot unmarshal " + JsonFields.kind(tree)
                    + " into Go value of type structs.ServiceDefinition");
        }
        return tree.isNull() ? JSON.createObjectNode() : tree;
    }

    private static List<JsonFields> checkBodies(JsonFields service) {
        List<JsonFields> out = new ArrayList<>();
        JsonFields single = service.object("Check", "CheckType");
        if (single != null && !single.empty()) {
            out.add(single);
        }
        JsonNode many = service.get("Checks");
        if (many != null) {
            if (!many.isArray()) {
                throw service.mismatch(many, "Checks", "structs.CheckTypes");
            }
            for (JsonNode check : many) {
                if (check.isNull()) {
                    continue;
                }
                if (!check.isObject()) {
                    throw service.mismatch(check, "Checks", "structs.CheckType");
                }
                out.add(new JsonFields(check, "CheckType"));
            }
        }
        return out;
    }

    private CheckDefinition check(JsonFields check) {
        String statusText = check.string("Status");
        CheckStatus status = null;
        if (!statusText.isEmpty()) {
            try {
                status = CheckStatus.ofWireName(statusText);
            } catch (IllegalArgumentException e) {
                throw ConsulError.badRequest("Status for checks must 'passing', 'warning', 'critical'");
            }
        }
        String http = check.string("HTTP");
        String tcp = check.string("TCP");
        List<String> args = check.strings("Args");
        if (args == null) {
            args = check.strings("ScriptArgs");
        }
        Duration ttl = check.duration("TTL");
        String type = type(check, http, tcp, args, ttl);
        Duration interval = raise(check.duration("Interval"), options.minCheckInterval());
        Duration deregister =
                raise(check.duration("DeregisterCriticalServiceAfter"), options.minDeregisterCriticalServiceAfter());
        return new CheckDefinition(
                check.string("CheckID", "ID"),
                check.string("Name"),
                check.string("Notes"),
                status,
                type,
                http.isEmpty() ? tcp : http,
                check.string("Method"),
                headers(check),
                check.string("Body"),
                interval,
                check.duration("Timeout"),
                ttl,
                deregister,
                check.integer("SuccessBeforePassing"),
                check.integer("FailuresBeforeCritical"));
    }

    private static String type(JsonFields check, String http, String tcp, @Nullable List<String> args, Duration ttl) {
        if (args != null && !args.isEmpty()) {
            return "script";
        }
        if (!http.isEmpty()) {
            return "http";
        }
        if (!tcp.isEmpty()) {
            return "tcp";
        }
        for (String other : new String[] {"GRPC", "H2PING", "UDP", "OSService"}) {
            if (!check.string(other).isEmpty()) {
                return other.equals("OSService") ? "os_service" : other.toLowerCase(java.util.Locale.ROOT);
            }
        }
        if (!check.string("DockerContainerID").isEmpty()) {
            return "docker";
        }
        if (!check.string("AliasService").isEmpty()
                || !check.string("AliasNode").isEmpty()) {
            return "alias";
        }
        return ttl.isZero() ? "" : "ttl";
    }

    /** Consul's {@code CheckType.Validate}, in its order. */
    private static void validate(CheckDefinition check) {
        boolean intervalCheck = !check.type().isEmpty()
                && !check.type().equals("ttl")
                && !check.type().equals("docker")
                && !check.type().equals("alias");
        boolean positiveTtl = !check.ttl().isZero() && !check.ttl().isNegative();
        boolean positiveInterval =
                !check.interval().isZero() && !check.interval().isNegative();
        if (positiveInterval && positiveTtl) {
            throw invalidCheck("Interval and TTL cannot both be specified");
        }
        if (intervalCheck && !positiveInterval) {
            throw invalidCheck(INTERVAL_REQUIRED);
        }
        if (check.type().equals("alias") && positiveTtl) {
            throw invalidCheck("TTL must be not be set for Alias checks");
        }
        if (!intervalCheck && !check.type().equals("alias") && !check.type().equals("docker") && !positiveTtl) {
            throw invalidCheck("TTL must be > 0 for TTL checks");
        }
    }

    private static ConsulError invalidCheck(String why) {
        return ConsulError.badRequest("Invalid check: " + why);
    }

    private static Map<String, List<String>> headers(JsonFields check) {
        JsonNode header = check.get("Header");
        if (header == null) {
            return Map.of();
        }
        if (!header.isObject()) {
            throw check.mismatch(header, "Header", "map[string][]string");
        }
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : header.properties()) {
            List<String> values = new ArrayList<>();
            for (JsonNode v : e.getValue()) {
                values.add(v.asText());
            }
            out.put(e.getKey(), List.copyOf(values));
        }
        return out;
    }

    private static Map<String, ServiceAddress> taggedAddresses(@Nullable JsonFields tagged) {
        Map<String, ServiceAddress> out = new TreeMap<>();
        if (tagged == null) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : tagged.node().properties()) {
            if (e.getValue().isNull()) {
                continue;
            }
            if (!e.getValue().isObject()) {
                throw tagged.mismatch(e.getValue(), "TaggedAddresses", "structs.ServiceAddress");
            }
            JsonFields address = new JsonFields(e.getValue(), "ServiceAddress");
            out.put(e.getKey(), new ServiceAddress(address.string("Address"), address.integer("Port")));
        }
        return out;
    }

    private static Map<String, ServiceAddress> withDefaultTaggedAddresses(
            Map<String, ServiceAddress> given, String address, int port) {
        Map<String, ServiceAddress> out = new TreeMap<>(given);
        if (IPV4.matcher(address).matches()) {
            out.putIfAbsent("lan_ipv4", new ServiceAddress(address, port));
            out.putIfAbsent("wan_ipv4", new ServiceAddress(address, port));
        } else if (address.indexOf(':') >= 0) {
            out.putIfAbsent("lan_ipv6", new ServiceAddress(address, port));
            out.putIfAbsent("wan_ipv6", new ServiceAddress(address, port));
        }
        return Map.copyOf(out);
    }

    private static void validateMeta(Map<String, String> meta) {
        if (meta.size() > 64) {
            throw ConsulError.badRequest(
                    "Invalid Service Meta: Node metadata cannot contain more than 64 key/value pairs");
        }
        for (Map.Entry<String, String> pair : meta.entrySet()) {
            String key = pair.getKey();
            String why = null;
            if (key.isEmpty()) {
                why = "Key cannot be blank";
            } else if (!META_KEY.matcher(key).matches()) {
                why = "Key contains invalid characters";
            } else if (key.length() > 128) {
                why = "Key is too long (limit: 128 characters)";
            } else if (key.startsWith("consul-")) {
                why = "Key prefix 'consul-' is reserved for internal use";
            } else if (pair.getValue().length() > 512) {
                why = "Value is too long (limit: 512 characters)";
            }
            if (why != null) {
                throw ConsulError.badRequest("Invalid Service Meta: Couldn't load metadata pair ('" + key + "', '"
                        + pair.getValue() + "'): " + why);
            }
        }
    }

    private static Duration raise(Duration value, Duration minimum) {
        return !value.isZero() && !value.isNegative() && value.compareTo(minimum) < 0 ? minimum : value;
    }

    private static List<CheckDefinition> named(List<CheckDefinition> checks, String serviceId, String serviceName) {
        List<CheckDefinition> out = new ArrayList<>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            CheckDefinition c = checks.get(i);
            String id = c.id();
            if (id.isEmpty()) {
                id = "service:" + serviceId + (checks.size() > 1 ? ":" + (i + 1) : "");
            }
            String name = c.name().isEmpty() ? "Service '" + serviceName + "' check" : c.name();
            out.add(c.named(id, name));
        }
        return List.copyOf(out);
    }
}
