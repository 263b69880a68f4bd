package dev.chassis.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.common.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigValueFormatsTest {
    @ParameterizedTest
    @CsvSource({
        "30s, PT30S",
        "500ms, PT0.5S",
        "2m, PT2M",
        "1h, PT1H",
        "1d, PT24H",
        "0, PT0S",
        "250, PT0.25S",
        "PT30S, PT30S",
        "pt1m30s, PT1M30S",
        "10 S, PT10S",
        "1500us, PT0.0015S",
        "7ns, PT0.000000007S",
        "-5s, PT-5S"
    })
    void readsDurations(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource({
        "PT30S, 30s",
        "PT0.5S, 500ms",
        "PT2M, 2m",
        "PT1H, 1h",
        "PT24H, 1d",
        "PT90S, 90s",
        "PT1.5S, 1500ms",
        "PT0S, 0s",
        "PT0.0015S, 1500us",
        "PT0.000000007S, 7ns",
        "PT-5S, -5s"
    })
    void writesDurationsInTheLargestExactUnit(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @Test
    void rejectsTextThatIsNotADuration() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse("1.5s"))
                .withMessage("'1.5s' is not a duration (expected: 30s, 500ms, PT30S)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse("3 weeks"))
                .withMessage("'3 weeks' has an unknown unit 'weeks' (expected: ns, us, ms, s, m, h, d)");
    }

    @Test
    void durationsAndSizesRoundTripThroughBinding() {
        Config config = Config.builder().yaml("file app.yaml", """
                        server:
                          idle-timeout: PT2M
                          request-timeout: 1500
                          max-content-length: 1048576
                          max-header-size: 64kb
                        lifecycle:
                          grace-period: 0
                        """).build();

        BoundConfig bound = ConfigBinding.bind(config, List.of(ServerConfig.SECTION, LifecycleConfig.SECTION));

        ServerConfig server = bound.get(ServerConfig.SECTION);
        assertThat(server.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(server.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(server.maxContentLength()).isEqualTo(DataSize.ofMebibytes(1));
        assertThat(server.maxHeaderSize()).isEqualTo(DataSize.ofKibibytes(64));
        assertThat(bound.get(LifecycleConfig.SECTION).gracePeriod()).isEqualTo(Duration.ZERO);
        assertThat(bound.describe())
                .contains("  idle-timeout: 2m\n")
                .contains("  request-timeout: 1500ms\n")
                .contains("  max-content-length: 1MiB\n")
                .contains("  max-header-size: 64KiB\n")
                .contains("  grace-period: 0s\n");
    }

    @Test
    void describedConfigurationBindsToTheSameValues() {
        Config config = Config.builder()
                .environment(Map.of(
                        "CHASSIS_SERVER_REQUEST_TIMEOUT", "PT0.75S",
                        "CHASSIS_SERVER_MAX_CONTENT_LENGTH", "3072",
                        "CHASSIS_SERVER_TRANSPORT", "Nio"))
                .build();
        BoundConfig first = ConfigBinding.bind(config, List.of(ServerConfig.SECTION));

        BoundConfig second = ConfigBinding.bind(
                Config.builder().yaml("described", first.describe()).build(), List.of(ServerConfig.SECTION));

        // Secrets are described masked, so they come back as the mask.
        assertThat(second.get(ServerConfig.SECTION))
                .usingRecursiveComparison()
                .ignoringFields("tls.privateKeyPassword", "tls.keystorePassword")
                .isEqualTo(first.get(ServerConfig.SECTION));
        assertThat(second.get(ServerConfig.SECTION).tls().privateKeyPassword()).isEqualTo("******");
        assertThat(first.describe())
                .contains("  request-timeout: 750ms\n", "  max-content-length: 3KiB\n", "  transport: nio\n");
    }

    @Test
    void rangeMessagesWriteDurationsAsConfigurationDoes() {
        Config config = Config.builder()
                .yaml("file app.yaml", "lifecycle: {grace-period: -1500ms}")
                .build();

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ConfigBinding.bind(config, List.of(LifecycleConfig.SECTION)))
                .extracting(ConfigException::problems)
                .isEqualTo(List.of(new ConfigProblem(
                        "lifecycle.grace-period",
                        "-1500ms",
                        "file app.yaml",
                        "grace-period: -1500ms (expected: >= 0s)")));
    }
}
