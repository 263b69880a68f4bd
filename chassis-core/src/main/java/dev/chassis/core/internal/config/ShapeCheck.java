package dev.chassis.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Checks a layer against the schema before it is merged, so that unknown keys and values of the
 * wrong shape are reported with the source that gave them, and removed. It also brings lists to
 * one form: comma-separated text ({@code a,b}) and indexed keys ({@code urls.0}) become arrays.
 * An empty or {@code null} section or group of sections counts as no keys.
 */
final class ShapeCheck {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ConfigSchema schema;
    private final Problems problems;

    ShapeCheck(ConfigSchema schema, Problems problems) {
        this.schema = schema;
        this.problems = problems;
    }

    /** Checks and normalizes a layer in place. */
    void apply(Layer layer) {
        keyed(layer, schema.root(), layer.tree(), "");
    }

    /** The node to keep in place of {@code node}, or {@code null} to remove it. */
    @Nullable
    private JsonNode check(Layer layer, Schema expected, JsonNode node, String key) {
        if (node.isNull()) {
            return isSectionOrGroup(expected, key) ? null : node;
        }
        if (expected instanceof Schema.Keyed keyed) {
            return node instanceof ObjectNode object
                    ? keyed(layer, keyed, object, key)
                    : wrong(layer, node, key, "not a mapping (expected: keys such as " + keyed.exampleKey(key) + ")");
        }
        if (expected instanceof Schema.MapOf map) {
            return node instanceof ObjectNode object
                    ? entries(layer, map, object, key)
                    : wrong(layer, node, key, "not a mapping (expected: names with their values)");
        }
        if (expected instanceof Schema.ListOf list) {
            return list(layer, list, node, key);
        }
        if (expected instanceof Schema.Scalar scalar && node.isContainerNode()) {
            return wrong(layer, node, key, "not a single value (expected: " + ValueCheck.what(scalar.type()) + ")");
        }
        return node;
    }

    private ObjectNode keyed(Layer layer, Schema.Keyed keyed, ObjectNode object, String key) {
        for (String name : Trees.names(object)) {
            String child = Keys.child(key, name);
            Schema expected = keyed.properties().get(name);
            if (expected == null) {
                if (!layer.isDefaults()) {
                    problems.add(
                            child,
                            Trees.text(object.get(name)),
                            layer.origin(child),
                            // Only trees hold names with dots: flat sources are split at them when read.
                            name.indexOf('.') >= 0
                                    ? KeySuggestions.dottedYamlKey(schema, key, name)
                                    : KeySuggestions.unknownKey(schema, child));
                }
                object.remove(name);
            } else {
                replace(object, name, check(layer, expected, object.get(name), child));
            }
        }
        return object;
    }

    private ObjectNode entries(Layer layer, Schema.MapOf map, ObjectNode object, String key) {
        for (String name : Trees.names(object)) {
            replace(object, name, check(layer, map.values(), object.get(name), Keys.child(key, name)));
        }
        return object;
    }

    @Nullable
    private JsonNode list(Layer layer, Schema.ListOf list, JsonNode node, String key) {
        ArrayNode array;
        if (node instanceof ArrayNode given) {
            array = given;
        } else if (node.isTextual() && list.elements().takesValue()) {
            array = split(node.textValue());
        } else if (node instanceof ObjectNode indexed && isIndexed(indexed)) {
            array = byIndex(layer, indexed, key);
        } else {
            return wrong(layer, node, key, "not a list (expected: a YAML sequence, or values separated by commas)");
        }
        ArrayNode checked = NODES.arrayNode();
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = check(layer, list.elements(), array.get(i), Keys.child(key, Integer.toString(i)));
            if (element != null) {
                checked.add(element);
            }
        }
        return checked;
    }

    private static ArrayNode split(String text) {
        ArrayNode array = NODES.arrayNode();
        if (!text.isBlank()) {
            for (String element : text.split(",", -1)) {
                array.add(element.strip());
            }
        }
        return array;
    }

    private static boolean isIndexed(ObjectNode object) {
        return !object.isEmpty() && object.propertyStream().allMatch(e -> ConfigSchema.isIndex(e.getKey()));
    }

    private ArrayNode byIndex(Layer layer, ObjectNode indexed, String key) {
        Map<Integer, JsonNode> elements = new TreeMap<>();
        indexed.properties().forEach(e -> elements.put(Integer.parseInt(e.getKey()), e.getValue()));
        ArrayNode array = NODES.arrayNode();
        elements.forEach((index, element) -> {
            if (index != array.size()) {
                String child = Keys.child(key, Integer.toString(index));
                problems.addSetAside(
                        child,
                        Trees.text(element),
                        layer.origin(child),
                        "index " + index + " follows a gap (expected: indexes from 0 without gaps, next " + array.size()
                                + ")");
            } else {
                array.add(element);
            }
        });
        return array;
    }

    private boolean isSectionOrGroup(Schema expected, String key) {
        return (expected instanceof Schema.Keyed keyed && keyed.type() == null)
                || schema.sections().stream().anyMatch(s -> s.name().equals(key));
    }

    @Nullable
    private JsonNode wrong(Layer layer, JsonNode node, String key, String message) {
        if (!layer.isDefaults()) {
            problems.addSetAside(key, Trees.text(node), layer.origin(key), message);
        }
        return null;
    }

    private static void replace(ObjectNode object, String name, @Nullable JsonNode node) {
        if (node == null) {
            object.remove(name);
        } else {
            object.set(name, node);
        }
    }
}
