package dev.chassis.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.testkit.consul.model.FakeConsulOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FakeConsulOptionsTest {
    @Test
    void defaultsAreConsulsOwnTimings() {
        FakeConsulOptions options = FakeConsulOptions.defaults();

        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isZero();
        assertThat(options.datacenter()).isEqualTo("dc1");
        assertThat(options.nodeName()).isEqualTo("fake-consul");
        assertThat(options.reapInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.minCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.minDeregisterCriticalServiceAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.legacyCheckErrors()).isFalse();
    }

    @Test
    void toBuilderKeepsEveryValue() {
        FakeConsulOptions options = FakeConsul.options()
                .host("0.0.0.0")
                .port(8500)
                .datacenter("eu-1")
                .nodeName("n1")
                .reapInterval(Duration.ofSeconds(1))
                .minCheckInterval(Duration.ofMillis(10))
                .minDeregisterCriticalServiceAfter(Duration.ZERO)
                .legacyCheckErrors(true)
                .build();

        assertThat(options.toBuilder().build()).isEqualTo(options);
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertThatThrownBy(() -> FakeConsul.options().port(65_536).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port: 65536 (expected: 0-65535)");
    }

    @Test
    void rejectsAZeroReapInterval() {
        assertThatThrownBy(
                        () -> FakeConsul.options().reapInterval(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reapInterval: 0s (expected: > 0)");
    }

    @Test
    void rejectsANegativeDeregisterMinimum() {
        assertThatThrownBy(() -> FakeConsul.options()
                        .minDeregisterCriticalServiceAfter(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minDeregisterCriticalServiceAfter: -1s (expected: >= 0s)");
    }

    @Test
    void rejectsABlankDatacenter() {
        assertThatThrownBy(() -> FakeConsul.options().datacenter(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("datacenter: '' (expected: a name)");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> FakeConsul.options().nodeName(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("nodeName");
    }
}
