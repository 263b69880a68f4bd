package dev.chassis.core.common;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as configuration writes them: a whole number with a unit ({@code 500ms}, {@code 30s},
 * {@code 2m}, {@code 1h}, {@code 1d}, also {@code us} and {@code ns}), ISO-8601 ({@code PT30S}),
 * or a bare number of milliseconds ({@code 0}, {@code 250}). Units are read in any case. Written
 * back in the largest unit that is exact: {@code 30s}, {@code 500ms}, {@code 2m}. The one format
 * of durations in the chassis' configuration, messages and logs. Thread-safe.
 *
 * <pre>{@code
 * Duration timeout = Durations.parse("1500ms");
 * String text = Durations.format(timeout); // "1500ms"
 * }</pre>
 */
public final class Durations {
    /** Examples of accepted text, for messages. */
    public static final String EXAMPLES = "30s, 500ms, PT30S";

    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(-?\\d+)\\s*([a-zA-Z]*)");

    private Durations() {}

    /**
     * Reads a duration.
     *
     * @throws IllegalArgumentException if the text is not of a form above
     */
    public static Duration parse(String text) {
        String t = text.strip();
        try {
            if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P") || t.startsWith("-p")) {
                return Duration.parse(t);
            }
            Matcher m = NUMBER_AND_UNIT.matcher(t);
            if (m.matches()) {
                return Duration.of(Long.parseLong(m.group(1)), unit(m.group(2), text));
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (expected: " + EXAMPLES + ")", e);
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration (expected: " + EXAMPLES + ")");
    }

    private static ChronoUnit unit(String unit, String text) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "", "ms" -> ChronoUnit.MILLIS;
            case "ns" -> ChronoUnit.NANOS;
            case "us" -> ChronoUnit.MICROS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            case "d" -> ChronoUnit.DAYS;
            default ->
                throw new IllegalArgumentException(
                        "'" + text + "' has an unknown unit '" + unit + "' (expected: ns, us, ms, s, m, h, d)");
        };
    }

    /** Writes a duration in the largest exact unit: {@code 30s}, {@code 1500ms}, {@code 0s}. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return duration.equals(Duration.ofSeconds(Long.MIN_VALUE))
                    ? duration.toString()
                    : "-" + format(duration.negated());
        }
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        if (nanos == 0) {
            if (seconds != 0 && seconds % 86_400 == 0) {
                return seconds / 86_400 + "d";
            }
            if (seconds != 0 && seconds % 3_600 == 0) {
                return seconds / 3_600 + "h";
            }
            if (seconds != 0 && seconds % 60 == 0) {
                return seconds / 60 + "m";
            }
            return seconds + "s";
        }
        try {
            if (nanos % 1_000_000 == 0) {
                return Math.addExact(Math.multiplyExact(seconds, 1_000L), nanos / 1_000_000) + "ms";
            }
            if (nanos % 1_000 == 0) {
                return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1_000) + "us";
            }
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos) + "ns";
        } catch (ArithmeticException e) {
            return duration.toString();
        }
    }
}
