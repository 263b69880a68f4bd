package dev.chassis.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.observability.config.ObservabilityConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code observability.status}: bound from YAML, wrong values named by key and source. */
class StatusConfigTest {
    private static ObservabilityConfig bind(String yaml) {
        return ConfigBinding.bind(Config.builder().yaml("test", yaml).build(), List.of(ObservabilityConfig.SECTION))
                .get(ObservabilityConfig.SECTION);
    }

    @Test
    void defaultsToAdminStatusSampledEveryFiveSeconds() {
        ObservabilityConfig.Status status = bind("observability: {}").status();
        assertThat(status.enabled()).isTrue();
        assertThat(status.path()).isEqualTo("/admin/status");
        assertThat(status.sampleInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void bindsPathAndInterval() {
        ObservabilityConfig.Status status = bind("observability: {status: {path: /ops/status, sample-interval: 2s}}")
                .status();
        assertThat(status.path()).isEqualTo("/ops/status");
        assertThat(status.sampleInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void rejectsAnIntervalOutsideOneToThirtySeconds() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> bind("observability: {status: {sample-interval: 500ms}}"))
                .withMessageContaining("observability.status.sample-interval")
                .withMessageContaining("1s-30s")
                .withMessageContaining("test");
    }

    @Test
    void rejectsAPathWithoutLeadingSlash() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> bind("observability: {status: {path: status}}"))
                .withMessageContaining("observability.status.path");
    }
}
