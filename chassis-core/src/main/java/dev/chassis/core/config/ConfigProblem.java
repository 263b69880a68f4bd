package dev.chassis.core.config;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One bad configuration key.
 *
 * @param key the dotted key, e.g. {@code server.port}
 * @param value the value as given, masked when the key is secret; {@code null} when there is none
 * @param source the name of the source it came from, e.g. {@code environment (CHASSIS_SERVER_PORT)}
 * @param message what is wrong and what was expected
 */
public record ConfigProblem(String key, @Nullable String value, String source, String message) {
    /** Creates a problem. */
    public ConfigProblem {
        requireNonNull(key, "key");
        requireNonNull(source, "source");
        requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return key + (value == null ? "" : " = '" + value + "'") + " (from " + source + "): " + message;
    }
}
