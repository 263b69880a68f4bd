package dev.chassis.core.internal.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The effective configuration as YAML for the start-up log: every bound section written back by
 * the configuration mapper (so durations read {@code 30s}), keys sorted, values of secret keys
 * masked.
 */
final class ConfigDescription {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private ConfigDescription() {}

    /** Describes the bound values, given by section name. */
    static String describe(ObjectMapper mapper, Map<String, Object> values) {
        ObjectNode root = NODES.objectNode();
        values.forEach((name, value) -> Trees.putSection(root, name, mapper.valueToTree(value)));
        try {
            return YAML.writeValueAsString(sortedAndMasked(root, ""));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every effective key, one per line and sorted: {@code server.port = 8080  (environment
     * variable CHASSIS_SERVER_PORT)}, the source as problems name it or {@code default}; values of
     * secret keys masked.
     */
    static String listing(ObjectMapper mapper, Map<String, Object> values, Map<String, String> origins) {
        ObjectNode root = NODES.objectNode();
        values.forEach((name, value) -> Trees.putSection(root, name, mapper.valueToTree(value)));
        StringBuilder out = new StringBuilder();
        list(sortedAndMasked(root, ""), "", origins, out);
        return out.toString();
    }

    /** Every effective key with its value as text, sorted; secrets not masked. */
    static java.util.SortedMap<String, String> flat(ObjectMapper mapper, Map<String, Object> values) {
        ObjectNode root = NODES.objectNode();
        values.forEach((name, value) -> Trees.putSection(root, name, mapper.valueToTree(value)));
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        flat(root, "", out);
        return java.util.Collections.unmodifiableSortedMap(out);
    }

    private static void flat(JsonNode node, String key, Map<String, String> out) {
        if (node instanceof ObjectNode object && !object.isEmpty()) {
            for (String name : Trees.names(object)) {
                flat(object.get(name), Keys.child(key, name), out);
            }
            return;
        }
        out.put(key, node.isTextual() ? node.textValue() : node.toString());
    }

    private static void list(JsonNode node, String key, Map<String, String> origins, StringBuilder out) {
        if (node instanceof ObjectNode object && !object.isEmpty()) {
            for (String name : Trees.names(object)) {
                list(object.get(name), Keys.child(key, name), origins, out);
            }
            return;
        }
        String source = MergedTree.sourceOf(origins, key);
        String value = node.isTextual() ? node.textValue() : node.toString();
        out.append(key)
                .append(" = ")
                .append(value)
                .append("  (")
                .append(source.equals(MergedTree.DEFAULTS) ? "default" : source)
                .append(")\n");
    }

    private static JsonNode sortedAndMasked(JsonNode node, String key) {
        if (node instanceof ObjectNode object) {
            List<String> names = Trees.names(object);
            Collections.sort(names);
            ObjectNode sorted = NODES.objectNode();
            names.forEach(name -> sorted.set(name, sortedAndMasked(object.get(name), Keys.child(key, name))));
            return sorted;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = NODES.arrayNode();
            for (int i = 0; i < array.size(); i++) {
                copy.add(sortedAndMasked(array.get(i), key));
            }
            return copy;
        }
        return Secrets.isSecret(key) && !node.isNull() ? NODES.textNode(Secrets.MASK) : node;
    }
}
