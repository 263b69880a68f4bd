package dev.chassis.core.internal.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
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
 * back in the largest unit that is exact: {@code 30s}, {@code 500ms}, {@code 2m}.
 */
public final class DurationFormat {
    /** Examples of accepted text, for messages. */
    public static final String EXAMPLES = "30s, 500ms, PT30S";

    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(-?\\d+)\\s*([a-zA-Z]*)");

    private DurationFormat() {}

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

    /** A Jackson module that reads and writes {@link Duration} in this format. */
    static SimpleModule module() {
        return new SimpleModule("chassis-duration")
                .addDeserializer(Duration.class, new Deserializer())
                .addSerializer(Duration.class, new Serializer());
    }

    private static final class Deserializer extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return Duration.ofMillis(p.getLongValue());
            }
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            String text = p.getText();
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, e.getMessage());
            }
        }
    }

    private static final class Serializer extends StdScalarSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        Serializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }
}
