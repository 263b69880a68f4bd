package dev.chassis.core.internal.context;

import dev.chassis.core.context.Deadline;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The caller's budget from the request head, in the three forms the server accepts:
 * {@value Deadline#HEADER} (whole milliseconds, what the chassis client writes), gRPC's
 * {@value #GRPC_TIMEOUT} (up to eight digits and a unit: {@code H M S m u n}) and Envoy's
 * {@value #ENVOY_EXPECTED_TIMEOUT} (whole milliseconds; {@code 0}, Envoy's "no timeout", sets
 * none). When more than one is present the smallest budget wins. Thread-safe.
 */
public final class DeadlineHeaders {
    /** gRPC's timeout header. */
    public static final String GRPC_TIMEOUT = "grpc-timeout";

    /** The timeout Envoy's router expects the request to complete in. */
    public static final String ENVOY_EXPECTED_TIMEOUT = "x-envoy-expected-rq-timeout-ms";

    /**
     * What the head says.
     *
     * @param nanos the smallest budget found; {@link Long#MAX_VALUE} when none; 0 when it had run out
     * @param problem why a header could not be read, naming it; null when all could be
     */
    public record Budget(long nanos, @Nullable String problem) {}

    private static final Budget NONE = new Budget(Long.MAX_VALUE, null);

    private DeadlineHeaders() {}

    /** Reads the budget headers. */
    public static Budget read(HttpHeaders headers) {
        String chassis = headers.get(Deadline.HEADER);
        String grpc = headers.get(GRPC_TIMEOUT);
        String envoy = headers.get(ENVOY_EXPECTED_TIMEOUT);
        if (chassis == null && grpc == null && envoy == null) {
            return NONE;
        }
        long nanos = Long.MAX_VALUE;
        if (chassis != null) {
            long ms = millis(chassis);
            if (ms < 0) {
                return new Budget(0, Deadline.HEADER + " must be a whole number of milliseconds");
            }
            nanos = Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(ms));
        }
        if (grpc != null) {
            long n = grpcNanos(grpc);
            if (n < 0) {
                return new Budget(
                        0, GRPC_TIMEOUT + " must be up to 8 digits and a unit (H, M, S, m, u or n), such as 250m");
            }
            nanos = Math.min(nanos, n);
        }
        if (envoy != null) {
            long ms = millis(envoy);
            if (ms < 0) {
                return new Budget(0, ENVOY_EXPECTED_TIMEOUT + " must be a whole number of milliseconds");
            }
            if (ms > 0) {
                nanos = Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(ms));
            }
        }
        return new Budget(nanos, null);
    }

    /** Whole milliseconds, at most 12 digits; -1 when not. */
    static long millis(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > 12) {
            return -1;
        }
        long millis = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            millis = millis * 10 + (c - '0');
        }
        return millis;
    }

    /** gRPC's TimeoutValue TimeoutUnit in nanoseconds; -1 when not of that form. */
    static long grpcNanos(String value) {
        String v = value.strip();
        if (v.length() < 2 || v.length() > 9) {
            return -1;
        }
        long amount = 0;
        for (int i = 0; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            amount = amount * 10 + (c - '0');
        }
        TimeUnit unit = switch (v.charAt(v.length() - 1)) {
            case 'H' -> TimeUnit.HOURS;
            case 'M' -> TimeUnit.MINUTES;
            case 'S' -> TimeUnit.SECONDS;
            case 'm' -> TimeUnit.MILLISECONDS;
            case 'u' -> TimeUnit.MICROSECONDS;
            case 'n' -> TimeUnit.NANOSECONDS;
            default -> null;
        };
        return unit == null ? -1 : unit.toNanos(amount);
    }
}
