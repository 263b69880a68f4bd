package dev.chassis.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.chassis.core.ConfigBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoadTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("orders.yaml"), yaml);
    }

    @Test
    void loadReadsTheStandardLayersInOrder() throws IOException {
        Path file = file("server: {port: 9123}\n");

        Config config = Config.load("--config", file.toString());

        assertThat(config.sources())
                .extracting(ConfigSource::name)
                .containsExactly("classpath:application.yaml", "file " + file, "environment", "system properties");
        assertThat(config.sources())
                .extracting(ConfigSource::kind)
                .containsExactly(
                        ConfigSource.Kind.TREE,
                        ConfigSource.Kind.TREE,
                        ConfigSource.Kind.ENVIRONMENT,
                        ConfigSource.Kind.SYSTEM_PROPERTIES);
        assertThat(ConfigBinding.bind(config, List.of(ServerConfig.SECTION))
                        .get(ServerConfig.SECTION)
                        .port())
                .isEqualTo(9123);
    }

    @Test
    void loadAcceptsTheConfigOptionWithAnEqualsSign() throws IOException {
        Path file = file("service: {name: orders}\n");

        Config config = Config.load("--config=" + file);

        assertThat(ConfigBinding.bind(config, List.of(ServiceConfig.SECTION))
                        .get(ServiceConfig.SECTION)
                        .name())
                .isEqualTo("orders");
    }

    @Test
    void systemPropertiesWinOverTheFile() throws IOException {
        Path file = file("service: {name: orders}\n");
        System.setProperty("service.name", "from-system-property");
        try {
            Config config = Config.load("--config", file.toString());

            assertThat(ConfigBinding.bind(config, List.of(ServiceConfig.SECTION))
                            .get(ServiceConfig.SECTION)
                            .name())
                    .isEqualTo("from-system-property");
        } finally {
            System.clearProperty("service.name");
        }
    }

    @Test
    void loadRejectsAnUnknownArgument() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> Config.load("--bogus"))
                .withMessage("unknown argument: '--bogus' (expected: --config <path>, --print-config, --conformance"
                        + " or --help; set keys with -Dkey=value)");
    }

    @Test
    void helpAndPrintConfigAreActionsAndRunIsTheDefault() {
        assertThat(Config.load().action()).isEqualTo(Config.Action.RUN);
        assertThat(Config.load("--help").action()).isEqualTo(Config.Action.HELP);
        assertThat(Config.load("-h").action()).isEqualTo(Config.Action.HELP);
        assertThat(Config.load("--print-config").action()).isEqualTo(Config.Action.PRINT_CONFIG);
        assertThat(Config.load("--conformance").action()).isEqualTo(Config.Action.CONFORMANCE);
        assertThat(Config.load("--print-config")
                        .with(ConfigSource.yaml("more", "a: 1"))
                        .action())
                .isEqualTo(Config.Action.PRINT_CONFIG);
    }

    @Test
    void loadRejectsConfigWithoutAPath() {
        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> Config.load("--config"))
                .withMessage("--config needs a file path (expected: --config <path>)");
    }

    @Test
    void loadNamesAFileThatCannotBeRead() {
        Path missing = dir.resolve("missing.yaml");

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> Config.load("--config", missing.toString()))
                .withMessage("cannot read configuration file " + missing + ": NoSuchFileException " + missing);
    }

    @Test
    void classPathResourceIsALayerAndAMissingOneIsEmpty() {
        Config config = Config.builder()
                .classpath("dev/chassis/core/config/orders-test.yaml")
                .classpath("dev/chassis/core/config/absent.yaml")
                .build();

        BoundConfig bound = ConfigBinding.bind(config, List.of(ServiceConfig.SECTION));

        assertThat(bound.get(ServiceConfig.SECTION)).isEqualTo(new ServiceConfig("orders", "1.0"));
        assertThat(config.sources())
                .extracting(ConfigSource::text)
                .containsExactly("service:\n  name: orders\n  version: \"1.0\"\n", "");
    }
}
