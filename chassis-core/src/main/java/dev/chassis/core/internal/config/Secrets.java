package dev.chassis.core.internal.config;

import java.util.List;
import java.util.Locale;

/**
 * Which keys hold secrets: those with a segment containing {@code password}, {@code secret},
 * {@code token} or {@code credential}, in any case. Their values never reach logs or messages.
 */
final class Secrets {
    /** What a secret value is shown as. */
    static final String MASK = "******";

    private static final List<String> WORDS = List.of("password", "secret", "token", "credential");

    private Secrets() {}

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String word : WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The value to show for a key: masked when the key is secret. */
    static String shown(String key, String value) {
        return isSecret(key) ? MASK : value;
    }
}
