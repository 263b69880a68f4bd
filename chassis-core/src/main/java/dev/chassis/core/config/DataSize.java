package dev.chassis.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A number of bytes, written in configuration as {@code 512}, {@code 64KiB}, {@code 10MiB} or
 * {@code 1GiB} ({@code KB}, {@code MB}, {@code GB} are read as the same binary multiples).
 *
 * @param bytes the size in bytes, never negative
 */
public record DataSize(long bytes) implements Comparable<DataSize> {
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    /**
     * Creates a size.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
    }

    /** A size in bytes. */
    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    /** A size in kibibytes. */
    public static DataSize ofKibibytes(long kib) {
        return new DataSize(Math.multiplyExact(kib, KIB));
    }

    /** A size in mebibytes. */
    public static DataSize ofMebibytes(long mib) {
        return new DataSize(Math.multiplyExact(mib, MIB));
    }

    /**
     * Reads {@code 512}, {@code 64KiB}, {@code 10MiB}, {@code 1GiB}, {@code 10MB}.
     *
     * @throws IllegalArgumentException if the text is not of that form
     */
    @JsonCreator
    public static DataSize parse(String text) {
        String t = text.strip();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a size (expected: bytes or a number with B, KiB, MiB, GiB)");
        }
        long number;
        try {
            number = Long.parseLong(t.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large", e);
        }
        long unit = switch (t.substring(i).strip().toUpperCase(Locale.ROOT)) {
            case "", "B" -> 1;
            case "K", "KB", "KIB" -> KIB;
            case "M", "MB", "MIB" -> MIB;
            case "G", "GB", "GIB" -> GIB;
            default ->
                throw new IllegalArgumentException("'" + text + "' has an unknown unit (expected: B, KiB, MiB, GiB)");
        };
        try {
            return new DataSize(Math.multiplyExact(number, unit));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large", e);
        }
    }

    /** The size in bytes, capped at {@link Integer#MAX_VALUE}. */
    public int toIntBytes() {
        return (int) Math.min(bytes, Integer.MAX_VALUE);
    }

    @Override
    public int compareTo(DataSize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** The shortest exact form: {@code 10MiB}, {@code 1500}. */
    @JsonValue
    @Override
    public String toString() {
        if (bytes != 0 && bytes % GIB == 0) {
            return bytes / GIB + "GiB";
        }
        if (bytes != 0 && bytes % MIB == 0) {
            return bytes / MIB + "MiB";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return bytes / KIB + "KiB";
        }
        return Long.toString(bytes);
    }
}
