package dev.chassis.core.internal.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of configuration as a tree, with where each of its values came from: the source's
 * name for a YAML document, the variable or property for flat sources. Not thread-safe.
 */
final class Layer {
    private final String name;
    private final ObjectNode tree;
    private final Map<String, String> origins = new HashMap<>();
    private final boolean defaults;

    private Layer(String name, ObjectNode tree, boolean defaults) {
        this.name = name;
        this.tree = tree;
        this.defaults = defaults;
    }

    /** A layer read from a source. */
    Layer(String name, ObjectNode tree) {
        this(name, tree, false);
    }

    /** The lowest layer: the sections' defaults, written out by Jackson. */
    static Layer defaults(ObjectNode tree) {
        return new Layer(MergedTree.DEFAULTS, tree, true);
    }

    /** An empty layer. */
    static Layer empty(String name) {
        return new Layer(name, JsonNodeFactory.instance.objectNode());
    }

    /** Whether this is the layer of defaults, whose keys are not the user's to fix. */
    boolean isDefaults() {
        return defaults;
    }

    /** The name of the source this layer was read from. */
    String name() {
        return name;
    }

    /** The values, nested by key segment. */
    ObjectNode tree() {
        return tree;
    }

    /**
     * Sets a value as text at a path of key segments, creating the objects above it, and records
     * where it came from.
     */
    void put(List<String> path, String value, String origin) {
        ObjectNode parent = Trees.objectAt(tree, path.subList(0, path.size() - 1));
        parent.put(path.get(path.size() - 1), value);
        origins.put(String.join(".", path), origin);
    }

    /** Where the value at a key came from: the nearest recorded key at or above it, else the source. */
    String origin(String key) {
        for (String k = key; !k.isEmpty(); k = Keys.parent(k)) {
            String origin = origins.get(k);
            if (origin != null) {
                return origin;
            }
        }
        return name;
    }
}
