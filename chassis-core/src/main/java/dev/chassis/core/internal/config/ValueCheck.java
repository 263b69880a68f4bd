package dev.chassis.core.internal.config;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chassis.core.common.Durations;
import dev.chassis.core.config.DataSize;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads every value of the merged tree as the type of its key, so that each ill-typed value is
 * reported with the source that set it, not only the first. A bad value is put back to its
 * default (or removed) so that binding can go on to find the other problems.
 */
final class ValueCheck {
    private static final Set<Class<?>> INTEGERS = Set.of(
            int.class,
            Integer.class,
            long.class,
            Long.class,
            short.class,
            Short.class,
            byte.class,
            Byte.class,
            BigInteger.class);
    private static final Set<Class<?>> NUMBERS =
            Set.of(double.class, Double.class, float.class, Float.class, BigDecimal.class);

    private final ObjectMapper mapper;
    private final Problems problems;

    ValueCheck(ObjectMapper mapper, Problems problems) {
        this.mapper = mapper;
        this.problems = problems;
    }

    /** Checks every value in {@code merged}, falling back to {@code defaults} for bad ones. */
    void apply(MergedTree merged, JsonNode defaults, Schema.Keyed root) {
        check(merged, defaults, root, merged.tree(), "");
    }

    private void check(MergedTree merged, JsonNode defaults, Schema schema, JsonNode node, String key) {
        if (node instanceof ObjectNode object) {
            for (String name : Trees.names(object)) {
                String child = Keys.child(key, name);
                Schema expected = ConfigSchema.child(schema, name);
                JsonNode value = object.get(name);
                if (expected instanceof Schema.Scalar scalar && !read(merged, scalar.type(), value, child)) {
                    JsonNode fallback = Trees.at(defaults, Keys.segments(child));
                    if (fallback.isMissingNode()) {
                        object.remove(name);
                    } else {
                        object.set(name, fallback.deepCopy());
                    }
                } else if (expected != null) {
                    check(merged, defaults, expected, value, child);
                }
            }
        } else if (node instanceof ArrayNode array && schema instanceof Schema.ListOf list) {
            for (int i = array.size() - 1; i >= 0; i--) {
                String child = Keys.child(key, Integer.toString(i));
                if (list.elements() instanceof Schema.Scalar scalar) {
                    if (!read(merged, scalar.type(), array.get(i), child)) {
                        array.remove(i);
                    }
                } else {
                    check(merged, defaults, list.elements(), array.get(i), child);
                }
            }
        }
    }

    private boolean read(MergedTree merged, JavaType type, JsonNode value, String key) {
        try {
            mapper.readerFor(type).readValue(value);
            return true;
        } catch (IOException | RuntimeException e) {
            String message = value.isNull() ? "null is not " + what(type) : "not " + what(type) + hint(type, e);
            problems.addSetAside(key, value.isNull() ? null : value.asText(), merged.sourceOf(key), message);
            return false;
        }
    }

    /** What a value of the type is, as in {@code not an integer}, for messages. */
    static String what(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (INTEGERS.contains(raw)) {
            return "an integer";
        }
        if (NUMBERS.contains(raw)) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "a boolean";
        }
        if (raw.isEnum()) {
            return "one of: "
                    + Arrays.stream(raw.getEnumConstants())
                            .map(c -> ConfigMapper.get().convertValue(c, String.class))
                            .collect(Collectors.joining(", "));
        }
        if (raw == Duration.class) {
            return "a duration";
        }
        if (raw == DataSize.class) {
            return "a size";
        }
        return raw == String.class ? "text" : "a valid " + raw.getSimpleName();
    }

    private static String hint(JavaType type, Exception e) {
        Class<?> raw = type.getRawClass();
        if (raw == boolean.class || raw == Boolean.class) {
            return " (expected: true or false)";
        }
        if (raw == Duration.class) {
            return " (expected: " + Durations.EXAMPLES + ")";
        }
        if (raw == DataSize.class) {
            return " (expected: 512, 64KiB, 10MiB)";
        }
        if (INTEGERS.contains(raw) || NUMBERS.contains(raw) || raw.isEnum() || raw == String.class) {
            return "";
        }
        return " (" + cause(e) + ")";
    }

    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null
                ? root.getClass().getSimpleName()
                : root.getMessage().lines().findFirst().orElse("");
    }
}
