package dev.chassis.core.internal.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which keys hold secrets: those with a segment containing {@code password}, {@code secret},
 * {@code token} or {@code credential}, in any case. Their values never reach logs or messages,
 * nor does a password written into a URL under another key.
 */
final class Secrets {
    /** What a secret value is shown as. */
    static final String MASK = "******";

    private static final List<String> WORDS = List.of("password", "secret", "token", "credential");
    /** The password of {@code //user:password@}. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?;\\s]*:)[^/@?;\\s]*@");
    /** {@code password=...} and {@code pwd=...} as a query or {@code ;} parameter. */
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)([?&;](?:[a-z_.-]*password|pwd)=)[^&;#\\s]*");

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

    /**
     * The value to show for a key: masked when the key is secret; otherwise with the password of
     * any {@code scheme://user:password@host} in it masked, and of any {@code password=} parameter.
     */
    static String shown(String key, String value) {
        if (isSecret(key)) {
            return MASK;
        }
        String out = PASSWORD_PARAMETER.matcher(value).replaceAll("$1" + MASK);
        return USER_INFO.matcher(out).replaceAll("$1" + MASK + "@");
    }
}
