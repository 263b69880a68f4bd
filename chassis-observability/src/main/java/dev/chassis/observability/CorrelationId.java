package dev.chassis.observability;

import dev.chassis.observability.internal.Correlation;
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
    public static final String MDC_KEY = Correlation.MDC_KEY;
    /** The MDC key of the current trace ID. */
    public static final String TRACE_ID_KEY = Correlation.TRACE_ID_KEY;
    /** The MDC key of the current span ID. */
    public static final String SPAN_ID_KEY = Correlation.SPAN_ID_KEY;
    /** The longest ID accepted from a client. */
    public static final int MAX_LENGTH = Correlation.MAX_LENGTH;

    private CorrelationId() {}

    /**
     * Whether a client-sent value is acceptable: 1 to 64 of letters, digits, {@code . _ : -}.
     * Anything else is replace    public static boolean isValid(CharSequence value) {
     * return Correlation.isValid(value);
     * }
     *
     * ;
     * }
     * }
     * return true;
     * }
     *
     * /** A new random ID: 32 lower-case hex digits. */
    public static String generate() {
        return Correlation.generate();
    }

    /** The correlation ID of the request this thread works for, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(MDC_KEY));
    }
}
