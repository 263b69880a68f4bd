package dev.chassis.security;

import java.time.Duration;

/** Range checks of configuration values, with messages shaped {@code key: value (expected: ...)}. */
final class Checks {
    private Checks() {}

    static void between(String key, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: " + min + " to " + max + ")");
        }
    }
}
