package dev.chassis.testkit.consul.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "10s, 10000000000",
        "1m, 60000000000",
        "1m30s, 90000000000",
        "1.5s, 1500000000",
        "250ms, 250000000",
        "2h45m, 9900000000000",
        "100us, 100000",
        "7ns, 7",
        "-1.5h, -5400000000000",
        "+5s, 5000000000"
    })
    void parsesAsGoDoes(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "1500000000, 1.5s",
        "60000000000, 1m0s",
        "90000000000, 1m30s",
        "3600000000000, 1h0m0s",
        "250000000, 250ms",
        "1500000, 1.5ms",
        "7, 7ns"
    })
    void formatsAsGoDoes(long nanos, String text) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({
        "'', time: invalid duration \"\"",
        "s, time: invalid duration \"s\"",
        "1..2s, time: invalid duration \"1..2s\""
    })
    void rejectsWhatGoRejects(String text, String message) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"10, time: missing unit in duration \"10\"", "5y, time: unknown unit \"y\" in duration \"5y\""})
    void namesAMissingOrUnknownUnit(String text, String message) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
