package dev.chassis.core.internal.http;

import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;
import java.util.Date;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Date} header value, formatted once per second rather than per response, and looked
 * up by a {@link System#nanoTime()} value the caller already has: the wall clock is read only when
 * the second it was formatted for has run out.
 */
final class DateHeader {
    private static volatile @Nullable Stamp stamp;

    /**
     * The value up to the nano time {@code until} (exclusive). A time from before the second it
     * was formatted for gets it too: such a time is a moment old, and the value is at most the
     * next second.
     */
    private record Stamp(long until, AsciiString value) {}

    private DateHeader() {}

    /**
     * The value for the moment {@code nanoTime} stands for.
     *
     * @param nanoTime a {@link System#nanoTime()} value taken a moment ago
     */
    static AsciiString at(long nanoTime) {
        Stamp s = stamp;
        if (s != null && nanoTime - s.until < 0) {
            return s.value;
        }
        // The second runs out at the wall clock's next whole second; a wall clock that is set
        // meanwhile is seen when it does.
        long now = System.nanoTime();
        long millis = System.currentTimeMillis();
        long into = Math.floorMod(millis, 1000L) * 1_000_000L;
        s = new Stamp(now - into + 1_000_000_000L, AsciiString.cached(format(Math.floorDiv(millis, 1000L))));
        stamp = s;
        return s.value;
    }

    /**
     * RFC 9110's IMF-fixdate of a second: {@code Mon, 07 Dec 2026 08:05:09 GMT}, the day in two
     * digits (RFC 1123's form, which {@code DateTimeFormatter.RFC_1123_DATE_TIME} writes, allows
     * one).
     */
    static String format(long epochSecond) {
        return DateFormatter.format(new Date(epochSecond * 1000L));
    }
}
