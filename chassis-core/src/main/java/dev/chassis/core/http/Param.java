package dev.chassis.core.http;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.internal.Texts;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A path or query parameter with typed accessors. A missing or unparsable value throws an
 * {@link HttpStatusException} 400 whose detail names the parameter, the value and what was
 * expected, so a handler can read parameters without checking them.
 *
 * <pre>{@code
 * long id = request.pathParam("id").asLong();
 * int limit = request.queryParam("limit").asInt(20);
 * }</pre>
 *
 * <p>Instances are immutable.
 */
public final class Param {
    /** Where a parameter comes from; named in error messages. */
    public enum Kind {
        /** A path parameter. */
        PATH,
        /** A query parameter. */
        QUERY;

        String label() {
            return name().toLowerCase(Locale.ROOT) + " parameter";
        }
    }

    private final Kind kind;
    private final String name;
    private final @Nullable String value;

    private Param(Kind kind, String name, @Nullable String value) {
        this.kind = kind;
        this.name = name;
        this.value = value;
    }

    /** A parameter; {@code value} is null when absent. */
    public static Param of(Kind kind, String name, @Nullable String value) {
        return new Param(requireNonNull(kind, "kind"), requireNonNull(name, "name"), value);
    }

    /** The parameter's name. */
    public String name() {
        return name;
    }

    /** Where it comes from. */
    public Kind kind() {
        return kind;
    }

    /** Whether it is present. */
    public boolean isPresent() {
        return value != null;
    }

    /** The value, if present. */
    public Optional<String> asOptional() {
        return Optional.ofNullable(value);
    }

    /**
     * The value.
     *
     * @throws HttpStatusException 400 if absent
     */
    public String asString() {
        if (value == null) {
            throw missing();
        }
        return value;
    }

    /** The value, or a default when absent. */
    public String asString(String defaultValue) {
        return value == null ? defaultValue : value;
    }

    /**
     * The value as an {@code int}.
     *
     * @throws HttpStatusException 400 if absent or not an integer
     */
    public int asInt() {
        return as(Integer::valueOf, "an integer");
    }

    /**
     * The value as an {@code int}, or a default when absent.
     *
     * @throws HttpStatusException 400 if present and not an integer
     */
    public int asInt(int defaultValue) {
        return value == null ? defaultValue : asInt();
    }

    /**
     * The value as a {@code long}.
     *
     * @throws HttpStatusException 400 if absent or not an integer
     */
    public long asLong() {
        return as(Long::valueOf, "an integer");
    }

    /**
     * The value as a {@code long}, or a default when absent.
     *
     * @throws HttpStatusException 400 if present and not an integer
     */
    public long asLong(long defaultValue) {
        return value == null ? defaultValue : asLong();
    }

    /**
     * The value as a {@code double}.
     *
     * @throws HttpStatusException 400 if absent or not a number
     */
    public double asDouble() {
        return as(Param::parseFiniteDouble, "a number");
    }

    /**
     * The value as a {@code boolean}: {@code true} or {@code false}, any case.
     *
     * @throws HttpStatusException 400 if absent or neither
     */
    public boolean asBoolean() {
        return as(Param::parseBoolean, "true or false");
    }

    /**
     * The value as a {@code boolean}, or a default when absent.
     *
     * @throws HttpStatusException 400 if present and neither true nor false
     */
    public boolean asBoolean(boolean defaultValue) {
        return value == null ? defaultValue : asBoolean();
    }

    /**
     * The value as a {@link UUID}.
     *
     * @throws HttpStatusException 400 if absent or not a UUID
     */
    public UUID asUuid() {
        return as(Param::parseUuid, "a UUID");
    }

    /**
     * The value as a constant of an enum, matched ignoring case.
     *
     * @throws HttpStatusException 400 if absent or not one of the constants
     */
    public <E extends Enum<E>> E asEnum(Class<E> type) {
        requireNonNull(type, "type");
        E[] constants = type.getEnumConstants();
        StringBuilder expected = new StringBuilder("one of:");
        for (E constant : constants) {
            expected.append(' ').append(constant.name().toLowerCase(Locale.ROOT));
        }
        return as(
                text -> {
                    for (E constant : constants) {
                        if (constant.name().equalsIgnoreCase(text)) {
                            return constant;
                        }
                    }
                    throw new IllegalArgumentException(text);
                },
                expected.toString());
    }

    /**
     * The value converted by a parser; any exception the parser throws becomes a 400.
     *
     * @param expected what a valid value is, for the message: {@code "an ISO date"}
     * @throws HttpStatusException 400 if absent or rejected by the parser
     */
    public <T> T as(Function<String, T> parser, String expected) {
        requireNonNull(parser, "parser");
        requireNonNull(expected, "expected");
        String text = asString();
        try {
            T result = parser.apply(text);
            if (result == null) {
                throw invalid(expected);
            }
            return result;
        } catch (HttpStatusException e) {
            throw e;
        } catch (RuntimeException e) {
            throw invalid(expected);
        }
    }

    private HttpStatusException missing() {
        return HttpStatusException.badRequest("missing " + kind.label() + " '" + name + "'");
    }

    private HttpStatusException invalid(String expected) {
        return HttpStatusException.badRequest(
                kind.label() + " '" + name + "': '" + Texts.excerpt(value) + "' is not " + expected);
    }

    private static double parseFiniteDouble(String text) {
        double d = Double.parseDouble(text);
        if (!Double.isFinite(d)) {
            throw new NumberFormatException(text);
        }
        return d;
    }

    private static boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(text);
    }

    private static UUID parseUuid(String text) {
        if (text.length() != 36) {
            throw new IllegalArgumentException(text);
        }
        return UUID.fromString(text);
    }

    @Override
    public String toString() {
        return kind.label() + " " + name + "=" + value;
    }
}
