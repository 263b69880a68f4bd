package dev.chassis.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The layers merged in order, later winning: objects merge key by key, values and lists replace
 * whatever was below them, and an explicit {@code null} replaces too. For every value it keeps the
 * source that set it last. Not thread-safe.
 */
final class MergedTree {
    /** The origin of values no layer set. */
    static final String DEFAULTS = "defaults";

    private final ObjectNode tree = JsonNodeFactory.instance.objectNode();
    private final Map<String, String> origins = new TreeMap<>();

    /** The merged values. */
    ObjectNode tree() {
        return tree;
    }

    /** Puts a layer on top of those merged so far. */
    void merge(Layer layer) {
        merge(tree, layer.tree(), "", layer);
    }

    private void merge(ObjectNode into, ObjectNode from, String key, Layer layer) {
        from.properties().forEach(e -> {
            String child = Keys.child(key, e.getKey());
            JsonNode below = into.get(e.getKey());
            if (below instanceof ObjectNode belowObject && e.getValue() instanceof ObjectNode fromObject) {
                if (!fromObject.isEmpty()) {
                    origins.remove(child); // no longer a value of its own: its keys now have theirs
                }
                merge(belowObject, fromObject, child, layer);
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
                origins.keySet().removeIf(k -> Keys.isUnder(k, child));
                record(e.getValue(), child, layer);
            }
        });
    }

    private void record(JsonNode node, String key, Layer layer) {
        if (node.isContainerNode() && !node.isEmpty()) {
            if (node.isObject()) {
                node.properties().forEach(e -> record(e.getValue(), Keys.child(key, e.getKey()), layer));
            } else {
                for (int i = 0; i < node.size(); i++) {
                    record(node.get(i), Keys.child(key, Integer.toString(i)), layer);
                }
            }
        } else {
            origins.put(key, layer.origin(key));
        }
    }

    /**
     * The source that set the value at a key: its own, else that of the nearest key above it, else
     * the sources of the values under it.
     */
    String sourceOf(String key) {
        return sourceOf(origins, key);
    }

    /** The source that set each value, by key; a copy. */
    SortedMap<String, String> origins() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(origins));
    }

    /** {@link #sourceOf(String)} over origins taken with {@link #origins()}. */
    static String sourceOf(Map<String, String> origins, String key) {
        for (String k = key; !k.isEmpty(); k = Keys.parent(k)) {
            String origin = origins.get(k);
            if (origin != null) {
                return origin;
            }
        }
        Set<String> under = new LinkedHashSet<>();
        origins.forEach((k, origin) -> {
            if (Keys.isUnder(k, key) && !origin.equals(DEFAULTS)) {
                under.add(origin);
            }
        });
        return under.isEmpty() ? DEFAULTS : String.join(", ", under);
    }
}
