package dev.chassis.core.internal.config;

import dev.chassis.core.config.ConfigSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads flat dotted keys ({@code server.port=8080}) into a layer: a {@link ConfigSource.Kind#PROPERTIES}
 * source, where every key must be known, or {@link ConfigSource.Kind#SYSTEM_PROPERTIES}, where only
 * keys under a declared section are read. Under a map of values the map key is the rest of the
 * dotted key ({@code meta.build.id} sets key {@code build.id} of {@code meta}); list elements are
 * given comma-separated or by index ({@code urls.0}).
 */
final class FlatLayerReader {
    private FlatLayerReader() {}

    /** Reads the source; unknown keys are reported, not read. */
    static Layer read(ConfigSource source, ConfigSchema schema, Problems problems) {
        boolean system = source.kind() == ConfigSource.Kind.SYSTEM_PROPERTIES;
        boolean optional = system || source.kind() == ConfigSource.Kind.OPTIONAL_PROPERTIES;
        Layer layer = Layer.empty(source.name());
        for (Map.Entry<String, String> e : new TreeMap<>(source.values()).entrySet()) {
            String key = e.getKey();
            if (optional && !underSection(schema, key)) {
                continue;
            }
            String origin = system ? "system property " + key : source.name();
            List<String> path = resolve(schema.root(), Keys.segments(key));
            if (path == null) {
                problems.add(key, e.getValue(), origin, KeySuggestions.unknownKey(schema, key));
            } else {
                layer.put(path, e.getValue(), origin);
            }
        }
        return layer;
    }

    private static boolean underSection(ConfigSchema schema, String key) {
        return schema.sections().stream().anyMatch(s -> key.startsWith(s.name() + "."));
    }

    /**
     * The path of key segments a dotted key sets, or {@code null} when the schema has no such key
     * or the key names a group of keys rather than a value.
     */
    @Nullable
    static List<String> resolve(Schema root, List<String> segments) {
        Schema node = root;
        List<String> path = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            if (node instanceof Schema.MapOf map && map.values().takesValue()) {
                path.add(String.join(".", segments.subList(i, segments.size())));
                return path;
            }
            node = ConfigSchema.child(node, segments.get(i));
            if (node == null || segments.get(i).isEmpty()) {
                return null;
            }
            path.add(segments.get(i));
        }
        return node.takesValue() ? path : null;
    }
}
