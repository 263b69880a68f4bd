package dev.chassis.data.internal;

import dev.chassis.core.common.ChassisException;
import dev.chassis.data.config.JdbcUrls;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reasons taken from exception chains, without the secrets a JDBC URL may hold. */
final class Causes {
    private Causes() {}

    /** The message of the innermost cause, or its type when it has none. */
    static String rootMessage(Throwable t) {
        Throwable root = t;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** The text with the URL, should it appear, replaced by its redacted form. */
    static String redact(String text, String url) {
        return text.replace(url, JdbcUrls.redact(url));
    }

    /**
     * An exception with this message and the cause, unless a message in the cause's chain shows
     * the URL with a secret in it: then without the cause, so no log prints the secret.
     */
    static ChassisException withoutSecrets(String message, Throwable cause, String url) {
        String redacted = JdbcUrls.redact(url);
        String safe = redact(message, url);
        if (!redacted.equals(url) && mentions(cause, url)) {
            return new ChassisException(safe);
        }
        return new ChassisException(safe, cause);
    }

    private static boolean mentions(@Nullable Throwable t, String text) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (; t != null && seen.add(t); t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(text)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (String.valueOf(s.getMessage()).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }
}
