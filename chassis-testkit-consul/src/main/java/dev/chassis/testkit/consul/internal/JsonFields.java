package dev.chassis.testkit.consul.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a request body's fields the way Consul's decoder does: names match ignoring case and
 * underscores ({@code Id}, {@code ID} and {@code id} are one field, as are
 * {@code DeregisterCriticalServiceAfter} and {@code deregister_critical_service_after}), and an
 * explicit null is the same as an absent field. A value of the wrong type is a 400 worded like
 * Go's {@code encoding/json}.
 */
final class JsonFields {
    private final JsonNode object;
    private final String goType;

    /**
     * @param object the JSON object
     * @param goType the Go type Consul decodes it into, for messages: {@code ServiceDefinition}
     */
    JsonFields(JsonNode object, String goType) {
        this.object = object;
        this.goType = goType;
    }

    /** The object itself. */
    JsonNode node() {
        return object;
    }

    /** The value of a field, null when absent or null. */
    @Nullable
    JsonNode get(String... names) {
        for (String name : names) {
            String wanted = normalize(name);
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (normalize(field.getKey()).equals(wanted)
                        && !field.getValue().isNull()) {
                    return field.getValue();
                }
            }
        }
        return null;
    }

    String string(String name, String... aliases) {
        JsonNode value = get(concat(name, aliases));
        if (value == null) {
            return "";
        }
        if (!value.isTextual()) {
            throw mismatch(value, name, "string");
        }
        return value.asText();
    }

    int integer(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw mismatch(value, name, "int");
        }
        return value.intValue();
    }

    boolean bool(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw mismatch(value, name, "bool");
        }
        return value.booleanValue();
    }

    /** A Go duration: a string such as {@code 10s}, or a number of nanoseconds. */
    Duration duration(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return Duration.ZERO;
        }
        if (value.isIntegralNumber()) {
            return Duration.ofNanos(value.longValue());
        }
        if (!value.isTextual()) {
            throw mismatch(value, name, "time.Duration");
        }
        if (value.asText().isEmpty()) {
            return Duration.ZERO;
        }
        try {
            return GoDuration.parse(value.asText());
        } catch (IllegalArgumentException e) {
            throw ConsulError.badRequest("Request decode failed: " + e.getMessage());
        }
    }

    @Nullable
    List<String> strings(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw mismatch(value, name, "[]string");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw mismatch(item, name, "string");
            }
            out.add(item.asText());
        }
        return out;
    }

    @Nullable
    Map<String, String> stringMap(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw mismatch(value, name, "map[string]string");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isTextual()) {
                throw mismatch(e.getValue(), name, "string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** A nested object's fields, null when absent. */
    @Nullable
    JsonFields object(String name, String nestedGoType) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw mismatch(value, name, nestedGoType);
        }
        return new JsonFields(value, nestedGoType);
    }

    /** Whether no field holds a value. */
    boolean empty() {
        for (JsonNode v : object) {
            boolean blank = v.isNull()
                    || (v.isTextual() && v.asText().isEmpty())
                    || (v.isNumber() && v.asDouble() == 0)
                    || (v.isBoolean() && !v.booleanValue())
                    || (v.isContainerNode() && v.isEmpty());
            if (!blank) {
                return false;
            }
        }
        return true;
    }

    ConsulError mismatch(JsonNode value, String field, String type) {
        return ConsulError.badRequest("Request decode failed: json: cannot unmarshal " + kind(value)
                + " into Go struct field " + goType + "." + field + " of type " + type);
    }

    /** The name Go's decoder gives a JSON value's kind. */
    static String kind(JsonNode value) {
        if (value.isTextual()) {
            return "string";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "bool";
        }
        return value.isArray() ? "array" : "object";
    }

    private static String normalize(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static String[] concat(String name, String[] aliases) {
        String[] all = new String[aliases.length + 1];
        all[0] = name;
        System.arraycopy(aliases, 0, all, 1, aliases.length);
        return all;
    }
}
