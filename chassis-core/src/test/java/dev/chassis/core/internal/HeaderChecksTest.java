package dev.chassis.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class HeaderChecksTest {
    @Test
    void aNameFoundValidIsStillCheckedAgainstTheNextOne() {
        String valid = "X-Correlation-ID";
        assertThat(HeaderChecks.name(valid)).isSameAs(valid);
        assertThat(HeaderChecks.name(valid)).isSameAs(valid);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> HeaderChecks.name("X-Correlation ID"))
                .withMessage("header name: 'X-Correlation ID' (expected: a token)");
        assertThatIllegalArgumentException().isThrownBy(() -> HeaderChecks.name("X-Evil\r\nSet-Cookie"));
        assertThatIllegalArgumentException().isThrownBy(() -> HeaderChecks.name(""));
        assertThat(HeaderChecks.name(new String("X-Correlation-ID"))).isEqualTo(valid);
        assertThatIllegalArgumentException().isThrownBy(() -> HeaderChecks.name("X-Correlation ID"));
    }

    @Test
    void aValueMayHoldLatin1AndTabsButNoOtherControlCharacters() {
        assertThat(HeaderChecks.value("X-Place", "caf\u00e9\t\u00bd")).isEqualTo("caf\u00e9\t\u00bd");
        assertThatIllegalArgumentException().isThrownBy(() -> HeaderChecks.value("X-Evil", "a\r\nb"));
        assertThatIllegalArgumentException().isThrownBy(() -> HeaderChecks.value("X-Snow", "\u2603"));
        assertThatIllegalArgumentException().isThrownBy(() -> HeaderChecks.value("X-Del", "a\u007fb"));
    }
}
