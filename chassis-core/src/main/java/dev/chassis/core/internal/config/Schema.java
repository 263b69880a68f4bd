package dev.chassis.core.internal.config;

import com.fasterxml.jackson.databind.JavaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The shape of the keys a type accepts, worked out once per binding from Jackson's view of the
 * section types. Readers use it to place flat keys and environment variables, checks use it to
 * find unknown keys and ill-typed values.
 */
sealed interface Schema {
    /** Whether a single value (or a comma-separated list of them) is given at this node. */
    boolean takesValue();

    /**
     * Named keys: a record, a bean, or a group of sections such as {@code data} for
     * {@code data.sources}.
     *
     * @param type the bound type; {@code null} for a group of sections
     * @param properties the keys by name, sorted
     */
    record Keyed(@Nullable JavaType type, Map<String, Schema> properties) implements Schema {
        public Keyed {
            properties = new TreeMap<>(properties);
        }

        @Override
        public boolean takesValue() {
            return false;
        }

        /** Every key under this node that is not under a map, for suggestions and examples. */
        List<String> knownKeys(String prefix) {
            List<String> keys = new ArrayList<>();
            properties.forEach((name, child) -> {
                String key = Keys.child(prefix, name);
                keys.add(key);
                if (child instanceof Keyed keyed) {
                    keys.addAll(keyed.knownKeys(key));
                }
            });
            return keys;
        }

        /** A key that takes a value, to show as an example; the first in order. */
        String exampleKey(String prefix) {
            for (Map.Entry<String, Schema> e : properties.entrySet()) {
                String key = Keys.child(prefix, e.getKey());
                if (e.getValue() instanceof Keyed keyed && !keyed.properties.isEmpty()) {
                    return keyed.exampleKey(key);
                }
                return key;
            }
            return prefix;
        }
    }

    /** A map with string keys chosen by the user, such as {@code clients.<name>}. */
    record MapOf(JavaType type, Schema values) implements Schema {
        @Override
        public boolean takesValue() {
            return false;
        }
    }

    /** A list, set or array. */
    record ListOf(JavaType type, Schema elements) implements Schema {
        @Override
        public boolean takesValue() {
            return elements.takesValue();
        }
    }

    /** One value: a string, number, boolean, enum, duration, size or other type read from text. */
    record Scalar(JavaType type) implements Schema {
        @Override
        public boolean takesValue() {
            return true;
        }
    }

    /** An untyped value ({@code Object}, {@code JsonNode}) that takes any tree. */
    record Any() implements Schema {
        @Override
        public boolean takesValue() {
            return true;
        }
    }
}
