package dev.chassis.core.internal.http;

import io.netty.util.AsciiString;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The {@code Date} header value, formatted once per second rather than per response. */
final class DateHeader {
    private static volatile Stamp stamp = new Stamp(-1, AsciiString.EMPTY_STRING);

    private record Stamp(long second, AsciiString value) {}

    private DateHeader() {}

    static AsciiString now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = stamp;
        if (s.second != second) {
            String text = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC));
            s = new Stamp(second, AsciiString.cached(text));
            stamp = s;
        }
        return s.value;
    }
}
