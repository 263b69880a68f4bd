package dev.chassis.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which keys a change touches and which of them are followed while running: a pattern names a key
 * and every key under it, {@code *} standing for one dotted part.
 */
final class KeyPatterns {
    private KeyPatterns() {}

    /** The keys whose values differ, sorted. */
    static List<String> changed(Map<String, String> before, Map<String, String> now) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(now.keySet());
        List<String> changed = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(before.get(key), now.get(key))) {
                changed.add(key);
            }
        }
        return changed;
    }

    static boolean matchesAny(Collection<String> patterns, String key) {
        for (String pattern : patterns) {
            if (matches(pattern, key)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String key) {
        String[] wanted = pattern.split("\\.");
        String[] parts = key.split("\\.");
        if (parts.length < wanted.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (!wanted[i].equals("*") && !wanted[i].equals(parts[i])) {
                return false;
            }
        }
        return true;
    }
}
