package dev.chassis.observability.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random IDs as lower-case hex: correlation IDs, and trace and span IDs of spans that record
 * nothing. Written into a new byte array that becomes the string as it is (a Latin-1 string keeps
 * one byte per character), with no per-thread buffer to look up. Thread-safe.
 */
public final class HexIds {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private HexIds() {}

    /** 32 hex digits, not all zero: a W3C trace ID, or a correlation ID. */
    public static String random128() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long hi = random.nextLong();
        long lo;
        do {
            lo = random.nextLong();
        } while (lo == 0);
        byte[] text = new byte[32];
        write(hi, text, 0);
        write(lo, text, 16);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** 16 hex digits, not all zero: a W3C span ID. */
    public static String random64() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        byte[] text = new byte[16];
        write(id, text, 0);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static void write(long value, byte[] text, int at) {
        for (int i = 15; i >= 0; i--) {
            text[at + i] = DIGITS[(int) value & 0xf];
            value >>>= 4;
        }
    }
}
