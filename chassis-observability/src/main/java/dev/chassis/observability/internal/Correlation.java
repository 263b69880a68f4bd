package dev.chassis.observability.internal;

/**
 * The correlation ID's rules and the MDC keys the chassis writes, for the module's own classes;
 * {@code CorrelationId} is their public face.
 */
public final class Correlation {
    /** The MDC key of the current request's correlation ID. */
    public static final String MDC_KEY = "correlationId";
    /** The MDC key of the current trace ID. */
    public static final String TRACE_ID_KEY = "traceId";
    /** The MDC key of the current span ID. */
    public static final String SPAN_ID_KEY = "spanId";
    /** The longest ID accepted from a client. */
    public static final int MAX_LENGTH = 64;

    private Correlation() {}

    /** Whether a client-sent value is acceptable: 1 to 64 of letters, digits, {@code . _ : -}. */
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
}
