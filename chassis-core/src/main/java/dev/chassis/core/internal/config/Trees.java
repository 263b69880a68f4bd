package dev.chassis.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Walking Jackson trees by key segments. */
final class Trees {
    private Trees() {}

    /** The names of an object's properties, copied so the object may be changed while they are visited. */
    static List<String> names(ObjectNode object) {
        List<String> names = new ArrayList<>(object.size());
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * A value as given, for messages: the text of a single value, {@code [a, b]} for a list of
     * them, {@code null} for a mapping or an explicit {@code null}.
     */
    @Nullable
    static String text(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isArray() && node.valueStream().allMatch(JsonNode::isValueNode)) {
            return node.valueStream().map(JsonNode::asText).collect(Collectors.joining(", ", "[", "]"));
        }
        return null;
    }

    /** The node at a path of key segments (indexes into arrays), or a missing node. */
    static JsonNode at(JsonNode tree, List<String> path) {
        JsonNode node = tree;
        for (String segment : path) {
            node = node.isArray() && ConfigSchema.isIndex(segment)
                    ? node.path(Integer.parseInt(segment))
                    : node.path(segment);
        }
        return node;
    }

    /**
     * Puts a section's tree under its dotted name, keeping what sections nested in it put there
     * before.
     */
    static void putSection(ObjectNode root, String section, JsonNode tree) {
        List<String> path = Keys.segments(section);
        ObjectNode parent = objectAt(root, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent.get(last) instanceof ObjectNode nested && tree instanceof ObjectNode own) {
            own.setAll(nested);
        }
        parent.set(last, tree);
    }

    /** The object at a path of key segments, created with those above it where missing. */
    static ObjectNode objectAt(ObjectNode root, List<String> path) {
        ObjectNode parent = root;
        for (String segment : path) {
            parent = parent.get(segment) instanceof ObjectNode object ? object : parent.putObject(segment);
        }
        return parent;
    }
}
