package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DateHeaderTest {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

    private static String formatted(long epochMillis) {
        return IMF_FIXDATE.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(epochMillis / 1000), ZoneOffset.UTC));
    }

    @Test
    void aDayBeforeTheTenthIsWrittenWithTwoDigits() {
        long seventhOfDecember =
                ZonedDateTime.of(2026, 12, 7, 8, 5, 9, 0, ZoneOffset.UTC).toEpochSecond();
        assertThat(DateHeader.format(seventhOfDecember)).isEqualTo("Mon, 07 Dec 2026 08:05:09 GMT");
    }

    @Test
    void theValueIsTheWallClocksCurrentSecondInImfFixdateForm() {
        String before = formatted(System.currentTimeMillis());
        AsciiString value = DateHeader.at(System.nanoTime());
        String after = formatted(System.currentTimeMillis());
        assertThat(value.toString()).isIn(before, after).endsWith(" GMT");
    }

    @Test
    void withinItsSecondTheValueIsTheOneAlreadyFormatted() {
        for (int attempt = 0; attempt < 3; attempt++) {
            AsciiString first = DateHeader.at(System.nanoTime());
            AsciiString second = DateHeader.at(System.nanoTime());
            if (first.equals(second)) {
                assertThat((Object) second).isSameAs(first);
                return;
            }
            // The second ran out between the two calls; try again.
        }
        throw new AssertionError("three seconds ran out between two calls");
    }

    @Test
    void onceItsSecondHasRunOutTheValueFollowsTheWallClock() throws InterruptedException {
        AsciiString first = DateHeader.at(System.nanoTime());
        Thread.sleep(1_100);
        String before = formatted(System.currentTimeMillis());
        AsciiString later = DateHeader.at(System.nanoTime());
        String after = formatted(System.currentTimeMillis());
        assertThat(later.toString()).isNotEqualTo(first.toString());
        assertThat(later.toString()).isIn(before, after);
    }

    @Test
    void aTimeTakenBeforeTheValueWasFormattedIsStillAnsweredWithADate() {
        long earlier = System.nanoTime() - 5_000_000_000L;
        DateHeader.at(System.nanoTime());
        String before = formatted(System.currentTimeMillis());
        AsciiString value = DateHeader.at(earlier);
        String after = formatted(System.currentTimeMillis());
        assertThat(value.toString()).isIn(before, after);
    }
}
