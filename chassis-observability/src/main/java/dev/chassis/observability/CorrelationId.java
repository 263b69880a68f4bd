package dev.chassis.observability;

import dev.chassis.observability.internal.HexIds;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Correlation IDs: what a valid one looks like, how new ones are made, and where the current
 * request's is found. A request's ID is in the MDC under {@link #MDC_KEY} on every thread that
 * works for it.
 *
 * <p>Thread-safe.
 */
public final class CorrelationId {
    /** The MDC key of the current request's correlation ID. */
    public static final String MDC_KEY = "correlationId";
    /** The MDC key of the current trace ID. */
    public static final String TRACE_ID_KEY = "traceId";
    /** The MDC key of the current span ID. */
    public static final String SPAN_ID_KEY = "spanId";
    /** The longest ID accepted from a client. */
    public static final int MAX_LENGTH = 64;

    private CorrelationId() {}

    /**
     * Whether a client-sent value is acceptable: 1 to 64 of letters, digits, {@code . _ : -}.
     * Anything else is replaced by a new ID, never logged and never echoed.
     */
    public static boolean isValid(CharSequence value) {
        int n = value.length();
        if (n == 0 || n > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A new random ID: 32 lower-case hex digits. */
    public static String generate() {
        return HexIds.random128();
    }

    /** The correlation ID of the request this thread works for, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(MDC_KEY));
    }
}
