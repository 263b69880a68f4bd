package dev.chassis.core.internal.config;

import java.util.Arrays;
import java.util.List;

/** Dotted configuration keys: {@code server.port}, {@code clients.orders.urls.0}. */
final class Keys {
    private Keys() {}

    /** The key of {@code name} under {@code parent}; the root key is empty. */
    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** The segments of a dotted key; none for the root key. */
    static List<String> segments(String key) {
        return key.isEmpty() ? List.of() : Arrays.asList(key.split("\\.", -1));
    }

    /** Whether {@code key} is {@code ancestor} or lies under it. */
    static boolean isUnder(String key, String ancestor) {
        return ancestor.isEmpty() || key.equals(ancestor) || key.startsWith(ancestor + ".");
    }

    /** The parent of a key; empty for a top-level key. */
    static String parent(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }
}
