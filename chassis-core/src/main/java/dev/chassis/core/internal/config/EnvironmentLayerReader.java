package dev.chassis.core.internal.config;

import dev.chassis.core.config.ConfigSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code CHASSIS_} environment variables into a layer by matching the words of the name,
 * in any case, against the keys of the sections: {@code CHASSIS_SERVER_MAX_CONTENT_LENGTH} sets
 * {@code server.max-content-length}. Under a map of records the map key takes the fewest words
 * that leave a match for the rest ({@code CHASSIS_CLIENTS_ORDER_SERVICE_URLS} sets
 * {@code clients.order-service.urls}); under a map of values it takes every remaining word. Map
 * keys read this way are lower case with dashes.
 */
final class EnvironmentLayerReader {
    static final String PREFIX = "CHASSIS_";

    private EnvironmentLayerReader() {}

    /** Reads the source; {@code CHASSIS_} variables that match no key are reported. */
    static Layer read(ConfigSource source, ConfigSchema schema, Problems problems) {
        Layer layer = Layer.empty(source.name());
        for (Map.Entry<String, String> e : new TreeMap<>(source.values()).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            List<String> words = Arrays.asList(
                    name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).split("_", -1));
            List<String> path = new ArrayList<>();
            String origin = "environment variable " + name;
            if (match(schema.root(), words, 0, path)) {
                layer.put(path, e.getValue(), origin);
            } else {
                Guess guess = approximate(schema.root(), words);
                problems.add(guess.key(), e.getValue(), origin, unknown(schema, name, guess));
            }
        }
        return layer;
    }

    /** Matches {@code words} from {@code from} against {@code node}, adding the key segments to {@code path}. */
    private static boolean match(Schema node, List<String> words, int from, List<String> path) {
        int left = words.size() - from;
        if (left == 0) {
            return node.takesValue();
        }
        if (node instanceof Schema.Keyed keyed) {
            for (String property : longestFirst(keyed)) {
                List<String> propertyWords = wordsOf(property);
                if (propertyWords.size() <= left
                        && propertyWords.equals(words.subList(from, from + propertyWords.size()))
                        && descend(
                                keyed.properties().get(property), property, words, from + propertyWords.size(), path)) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof Schema.MapOf map) {
            int most = map.values().takesValue() ? left : left - 1;
            for (int n = map.values().takesValue() ? left : 1; n <= most; n++) {
                String key = String.join("-", words.subList(from, from + n));
                if (descend(map.values(), key, words, from + n, path)) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof Schema.ListOf list && ConfigSchema.isIndex(words.get(from))) {
            return descend(list.elements(), words.get(from), words, from + 1, path);
        }
        if (node instanceof Schema.Any) {
            path.add(String.join("-", words.subList(from, words.size())));
            return true;
        }
        return false;
    }

    private static boolean descend(Schema child, String segment, List<String> words, int from, List<String> path) {
        path.add(segment);
        if (match(child, words, from, path)) {
            return true;
        }
        path.remove(path.size() - 1);
        return false;
    }

    private static List<String> wordsOf(String property) {
        return Arrays.asList(property.toLowerCase(Locale.ROOT).split("-", -1));
    }

    private static List<String> longestFirst(Schema.Keyed keyed) {
        List<String> names = new ArrayList<>(keyed.properties().keySet());
        names.sort(Comparator.comparingInt((String n) -> wordsOf(n).size()).reversed());
        return names;
    }

    /** The key a variable that matches nothing most likely meant, for the message. */
    private static Guess approximate(Schema root, List<String> words) {
        List<String> path = new ArrayList<>();
        Schema node = root;
        int i = 0;
        while (i < words.size()) {
            String property = node instanceof Schema.Keyed keyed ? longestPrefix(keyed, words, i) : null;
            if (property != null) {
                path.add(property);
                node = ((Schema.Keyed) node).properties().get(property);
                i += wordsOf(property).size();
            } else if (node instanceof Schema.MapOf map && !map.values().takesValue()) {
                path.add(words.get(i++));
                node = map.values();
            } else if (node instanceof Schema.ListOf list && ConfigSchema.isIndex(words.get(i))) {
                path.add(words.get(i++));
                node = list.elements();
            } else {
                break;
            }
        }
        boolean complete = i == words.size();
        if (!complete) {
            path.add(String.join("-", words.subList(i, words.size())));
        }
        return new Guess(String.join(".", path), complete);
    }

    /** A key for a variable that matches none; complete when every word matched a key that takes no value. */
    private record Guess(String key, boolean complete) {}

    @Nullable
    private static String longestPrefix(Schema.Keyed keyed, List<String> words, int from) {
        for (String property : longestFirst(keyed)) {
            List<String> propertyWords = wordsOf(property);
            if (propertyWords.size() <= words.size() - from
                    && propertyWords.equals(words.subList(from, from + propertyWords.size()))) {
                return property;
            }
        }
        return null;
    }

    private static String unknown(ConfigSchema schema, String name, Guess guess) {
        String key = guess.key();
        if (guess.complete()) {
            return "environment variable " + name + " names " + key + ", a group of keys, not a value";
        }
        String suggestion = KeySuggestions.closest(key, KeySuggestions.near(schema, key))
                .map(k -> "; did you mean " + variableOf(k) + "?")
                .orElse("");
        return "unknown environment variable " + name + " (no key " + key + suggestion + ")";
    }

    private static String variableOf(String key) {
        return PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
