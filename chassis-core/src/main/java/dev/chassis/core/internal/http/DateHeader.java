package dev.chassis.core.internal.http;

import io.netty.util.AsciiString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} header value, formatted once per second rather than per response, and looked
 * up by a {@link System#nanoTime()} value the caller already has: the wall clock is read only when
 * the second it was formatted for has run out.
 */
final class DateHeader {
    private static volatile Stamp stamp = new Stamp(0, 0, AsciiString.EMPTY_STRING);

    /** The value for the nano times from {@code from} (inclusive) to {@code until} (exclusive). */
    private record Stamp(long from, long until, AsciiString value) {
        boolean covers(long nanoTime) {
            return nanoTime - from >= 0 && nanoTime - until < 0;
        }
    }

    private DateHeader() {}

    /**
     * The value for the moment {@code nanoTime} stands for.
     *
     * @param nanoTime a {@link System#nanoTime()} value taken a moment ago
     */
    static AsciiString at(long nanoTime) {
        Stamp s = stamp;
        if (s.covers(nanoTime)) {
            return s.value;
        }
        // The second runs out at the wall clock's next whole second; a wall clock that is set
        // meanwhile is seen when it does.
        long now = System.nanoTime();
        long millis = System.currentTimeMillis();
        long into = Math.floorMod(millis, 1000L) * 1_000_000L;
        String text = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(millis, 1000L)), ZoneOffset.UTC));
        s = new Stamp(now - into, now - into + 1_000_000_000L, AsciiString.cached(text));
        stamp = s;
        return s.value;
    }
}
