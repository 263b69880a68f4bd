package dev.chassis.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HexIdsTest {
    @Test
    void a128BitIdIsAValidTraceIdOf32LowerCaseHexDigits() {
        for (int i = 0; i < 1_000; i++) {
            String id = HexIds.random128();
            assertThat(id).matches("[0-9a-f]{32}");
            assertThat(TraceId.isValid(id)).as(id).isTrue();
        }
    }

    @Test
    void a64BitIdIsAValidSpanIdOf16LowerCaseHexDigits() {
        for (int i = 0; i < 1_000; i++) {
            String id = HexIds.random64();
            assertThat(id).matches("[0-9a-f]{16}");
            assertThat(SpanId.isValid(id)).as(id).isTrue();
        }
    }

    @Test
    void idsDoNotRepeatAndUseEveryDigitInEveryPosition() {
        Set<String> seen = new HashSet<>();
        Set<Character>[] digits = new Set[32];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = new HashSet<>();
        }
        for (int i = 0; i < 10_000; i++) {
            String id = HexIds.random128();
            assertThat(seen.add(id)).as(id).isTrue();
            for (int p = 0; p < id.length(); p++) {
                digits[p].add(id.charAt(p));
            }
        }
        for (int p = 0; p < digits.length; p++) {
            assertThat(digits[p]).as("position " + p).hasSize(16);
        }
    }
}
