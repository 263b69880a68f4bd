package dev.chassis.core.internal.config;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Suggests the known key closest to a misspelt one: at most two edits away. */
final class KeySuggestions {
    private static final int MAX_DISTANCE = 2;

    private KeySuggestions() {}

    /**
     * Says why a key is not accepted: {@code unknown key; did you mean server.port?}, or that it
     * names a group of keys rather than a value.
     */
    static String unknownKey(ConfigSchema schema, String key) {
        Schema node = schema.at(key);
        if (node instanceof Schema.Keyed keyed) {
            return "a group of keys, not a value (expected: a key under it, such as " + keyed.exampleKey(key) + ")";
        }
        if (node != null) {
            return "a group of keys, not a value (expected: a key under it)";
        }
        return closest(key, near(schema, key))
                .map(s -> "unknown key; did you mean " + s + "?")
                .orElse("unknown key");
    }

    /**
     * Says why a key written with dots in a YAML mapping ({@code server.port: 8080}) is not
     * accepted: YAML does not split keys at dots, so it names no key. When the dotted path is a
     * key, the message shows it nested; otherwise it is an unknown key, with a suggestion.
     *
     * @param parent the key of the mapping it was written in
     * @param name the key as written, with its dots
     */
    static String dottedYamlKey(ConfigSchema schema, String parent, String name) {
        String key = Keys.child(parent, name);
        if (schema.at(key) != null) {
            return "written with dots, which YAML does not split into nested keys (expected: " + nested(name) + ")";
        }
        return unknownKey(schema, key) + " (and YAML does not split keys at dots: write them nested)";
    }

    /** {@code a.b.c} as YAML nests it: {@code a: {b: {c: ...}}}. */
    private static String nested(String dotted) {
        List<String> segments = Keys.segments(dotted);
        StringBuilder out = new StringBuilder();
        for (String segment : segments.subList(0, segments.size() - 1)) {
            out.append(segment).append(": {");
        }
        out.append(segments.get(segments.size() - 1)).append(": ...");
        out.append("}".repeat(segments.size() - 1));
        return out.toString();
    }

    /** The known keys under the deepest named key on the way to {@code key}. */
    static List<String> near(ConfigSchema schema, String key) {
        Schema node = schema.root();
        Schema.Keyed deepest = schema.root();
        String prefix = "";
        String path = "";
        for (String segment : Keys.segments(key)) {
            node = ConfigSchema.child(node, segment);
            if (node == null) {
                break;
            }
            path = Keys.child(path, segment);
            if (node instanceof Schema.Keyed keyed) {
                deepest = keyed;
                prefix = path;
            }
        }
        return deepest.knownKeys(prefix);
    }

    /** The closest candidate at most two edits from {@code key}; the first in order on a tie. */
    static Optional<String> closest(String key, Collection<String> candidates) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String candidate : candidates) {
            int distance = distance(key, candidate);
            if (distance > 0 && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
