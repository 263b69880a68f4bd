package dev.chassis.core.internal.json;

import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Words for messages about bad client input: cleaned text and plain type names. */
final class Excerpts {
    private static final int MAX = 200;

    private Excerpts() {}

    /** Text with control characters replaced and its length capped. */
    static String clean(String text) {
        int n = Math.min(text.length(), MAX);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        if (text.length() > MAX) {
            sb.append("...");
        }
        return sb.toString();
    }

    /** What a client should send for a Java type: "an integer", "a string", "an object". */
    static String typeName(@Nullable Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == int.class
                || type == Integer.class
                || type == long.class
                || type == Long.class
                || type == short.class
                || type == Short.class
                || type == byte.class
                || type == Byte.class
                || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (type == double.class
                || type == Double.class
                || type == float.class
                || type == Float.class
                || type == java.math.BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type.isEnum()) {
            StringBuilder sb = new StringBuilder("one of:");
            for (Object constant : type.getEnumConstants()) {
                sb.append(' ').append(constant);
            }
            return sb.toString();
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 " + type.getSimpleName();
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)
                || type.isRecord()
                || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a valid " + type.getSimpleName();
    }
}
