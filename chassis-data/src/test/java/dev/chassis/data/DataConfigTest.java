package dev.chassis.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.LifecycleConfig;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.data.config.DataConfig;
import dev.chassis.data.config.DataSourceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding and checking section {@code data}. */
class DataConfigTest {
    private static BoundConfig bind(Config config) {
        return ConfigBinding.bind(config, List.of(DataConfig.SECTION, ServerConfig.SECTION, LifecycleConfig.SECTION));
    }

    private static DataConfig bind(String yaml) {
        return bind(Config.builder().yaml("test", yaml).build()).get(DataConfig.SECTION);
    }

    private static String problems(String yaml) {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> bind(yaml));
        assertThat(e).as("expected a configuration problem").isNotNull();
        return e.getMessage();
    }

    @Test
    void withNothingConfiguredMainIsH2InMemoryWithTheDocumentedDefaults() {
        DataConfig config = bind(Config.builder().build()).get(DataConfig.SECTION);

        assertThat(config).isEqualTo(DataConfig.defaults());
        assertThat(config.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        DataSourceConfig main = config.sources().get("main");
        assertThat(config.sources()).containsOnlyKeys("main");
        assertThat(main.url()).isEqualTo("jdbc:h2:mem:main;DB_CLOSE_DELAY=-1");
        assertThat(main.enabled()).isTrue();
        assertThat(main.user()).isEmpty();
        assertThat(main.password()).isEmpty();
        assertThat(main.maximumPoolSize()).isEqualTo(10);
        assertThat(main.minimumIdle()).isEqualTo(-1);
        assertThat(main.effectiveMinimumIdle()).isEqualTo(10);
        assertThat(main.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(main.validationTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(main.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(main.maxLifetime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(main.keepaliveTime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(main.leakDetectionThreshold()).isEqualTo(Duration.ofSeconds(40));
        assertThat(main.queryTimeout()).isEqualTo(Duration.ZERO);
        assertThat(main.healthTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(main.healthQuery()).isEqualTo("SELECT 1");
        assertThat(main.startMode()).isEqualTo(DataSourceConfig.StartMode.FAIL_FAST);
        assertThat(main.startRetryBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(main.startRetryMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(main.migrations().enabled()).isTrue();
        assertThat(main.migrations().locationsFor("main")).containsExactly("classpath:db/migration");
    }

    @Test
    void leakThresholdIsAboveTheDefaultRequestTimeout() {
        assertThat(DataSourceConfig.embedded().leakDetectionThreshold())
                .isGreaterThan(ServerConfig.DEFAULT_REQUEST_TIMEOUT);
    }

    @Test
    void mainMovesToPostgresByItsUrlAloneAndKeepsTheOtherDefaults() {
        DataConfig config = bind("""
                data:
                  sources:
                    main:
                      url: jdbc:postgresql://db:5432/orders
                      user: orders
                      maximum-pool-size: 20
                """);

        DataSourceConfig main = config.sources().get("main");
        DataSourceConfig embedded = DataSourceConfig.embedded();
        assertThat(main.url()).isEqualTo("jdbc:postgresql://db:5432/orders");
        assertThat(main.user()).isEqualTo("orders");
        assertThat(main.maximumPoolSize()).isEqualTo(20);
        assertThat(main.connectionTimeout()).isEqualTo(embedded.connectionTimeout());
        assertThat(main.migrations()).isEqualTo(embedded.migrations());
    }

    @Test
    void anotherSourceTakesTheDefaultsOfEveryKeyItLeavesOut() {
        DataConfig config = bind("""
                data:
                  sources:
                    reports:
                      url: jdbc:postgresql://replica:5432/orders
                      start-mode: retry
                      migrations: {enabled: false}
                """);

        assertThat(config.sources()).containsOnlyKeys("main", "reports");
        DataSourceConfig reports = config.sources().get("reports");
        assertThat(reports.url()).isEqualTo("jdbc:postgresql://replica:5432/orders");
        assertThat(reports.startMode()).isEqualTo(DataSourceConfig.StartMode.RETRY);
        assertThat(reports.migrations()).isEqualTo(new DataSourceConfig.Migrations(false, List.of()));
        assertThat(reports.maximumPoolSize()).isEqualTo(DataSourceConfig.DEFAULT_MAXIMUM_POOL_SIZE);
        assertThat(reports.user()).isEmpty();
        assertThat(reports.migrations().locationsFor("reports")).containsExactly("classpath:db/reports/migration");
    }

    @Test
    void environmentVariablesSetSourceKeys() {
        Config config = Config.builder()
                .environment(Map.of(
                        "CHASSIS_DATA_SOURCES_MAIN_URL", "jdbc:postgresql://db/orders",
                        "CHASSIS_DATA_SOURCES_MAIN_MAXIMUM_POOL_SIZE", "25",
                        "CHASSIS_DATA_RETRY_AFTER", "5s"))
                .build();

        DataConfig data = bind(config).get(DataConfig.SECTION);

        assertThat(data.sources().get("main").url()).isEqualTo("jdbc:postgresql://db/orders");
        assertThat(data.sources().get("main").maximumPoolSize()).isEqualTo(25);
        assertThat(data.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void passwordComesFromTheEnvironmentAndIsNeverShown() {
        Config config = Config.builder()
                .yaml("test", """
                        data:
                          sources:
                            main:
                              url: jdbc:postgresql://db/orders?sslmode=require&password=in-the-url
                              password: ${DB_PASSWORD}
                              properties: {ssl-password: key-secret}
                        """)
                .substitutionVariables(Map.of("DB_PASSWORD", "s3cr3t"))
                .build();

        BoundConfig bound = bind(config);
        DataSourceConfig main = bound.get(DataConfig.SECTION).sources().get("main");

        assertThat(main.password()).isEqualTo("s3cr3t");
        assertThat(bound.describe()).doesNotContain("s3cr3t").doesNotContain("key-secret");
        assertThat(main.toString())
                .doesNotContain("s3cr3t")
                .doesNotContain("in-the-url")
                .contains("url=jdbc:postgresql://db/orders?sslmode=require&password=******")
                .contains("password=******");
    }

    @Test
    void illTypedAndInvalidValuesAreReportedTogetherAtTheirKeys() {
        assertThat(problems("""
                        data:
                          sources:
                            main:
                              maximum-pool-size: 0
                            batch:
                              url: jdbc:postgresql://batch/orders
                              start-mode: sometimes
                        """))
                .isEqualTo("invalid configuration (2 problems):\n"
                        + "  - data.sources.batch.start-mode = 'sometimes' (from test): not one of: fail-fast, retry\n"
                        + "  - data.sources.main.maximum-pool-size = '0' (from test): maximum-pool-size: 0"
                        + " (expected: 1-10000)");
    }

    @Test
    void timeoutsThatHikariWouldQuietlyIgnoreAreRefused() {
        assertThat(problems("data: {sources: {main: {validation-timeout: 5s}}}"))
                .contains("data.sources.main.validation-timeout = '5s' (from test): validation-timeout: 5s"
                        + " (expected: less than connection-timeout, 5s)");
        assertThat(problems("data: {sources: {main: {leak-detection-threshold: 1s}}}"))
                .contains("data.sources.main.leak-detection-threshold = '1s' (from test): leak-detection-threshold: 1s"
                        + " (expected: 0s for off, or >= 2s)");
        assertThat(problems("data: {sources: {main: {keepalive-time: 10s}}}"))
                .contains("data.sources.main.keepalive-time = '10s' (from test): keepalive-time: 10s"
                        + " (expected: 0s for off, or >= 30s)");
        assertThat(problems("data: {retry-after: 0s}"))
                .contains("data.retry-after = '0s' (from test): retry-after: 0s (expected: > 0s)");
    }

    @Test
    void sourceWithoutAUrlIsReported() {
        assertThat(problems("data: {sources: {reports: {maximum-pool-size: 4}}}"))
                .contains("data.sources.reports.url = 'jdbc:h2:mem:main;DB_CLOSE_DELAY=-1' (from defaults): only source"
                        + " main has a default URL (expected: a JDBC URL of its own, such as"
                        + " jdbc:postgresql://host:5432/orders)");
    }

    @Test
    void unknownKeyIsReportedWithASuggestion() {
        assertThat(problems("data: {sources: {main: {max-pool-size: 4}}}"))
                .contains("data.sources.main.max-pool-size = '4' (from test): unknown key");
    }

    @Test
    void sourceNamesAreLowerCaseWords() {
        assertThatThrownBy(
                        () -> new DataConfig(Map.of("Reports_1", DataSourceConfig.embedded()), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sources: 'Reports_1' is not a valid source name (expected: lower-case letters, digits and"
                        + " dashes, such as reports-replica)");
    }

    @Test
    void sourceValuesAreCheckedWithMessagesNamingWhatIsExpected() {
        assertThat(problems("data: {sources: {main: {minimum-idle: 11}}}"))
                .contains("minimum-idle: 11 (expected: -1 for maximum-pool-size, or 0-10)");
        assertThat(problems("data: {sources: {main: {url: 'postgres://db'}}}"))
                .contains("url: 'postgres://db' (expected: a JDBC URL such as jdbc:postgresql://host:5432/orders)");
        assertThat(problems("data: {sources: {main: {url: 'postgres://u:pw@db'}}}"))
                .contains("url: 'postgres://u:******@db' (expected: a JDBC URL such as"
                        + " jdbc:postgresql://host:5432/orders)")
                .doesNotContain("pw@");
        assertThat(problems("data: {sources: {main: {keepalive-time: 40m}}}"))
                .contains("keepalive-time: 40m (expected: less than max-lifetime, 30m)");
        assertThat(problems("data: {sources: {main: {connection-timeout: 100ms}}}"))
                .contains("connection-timeout: 100ms (expected: >= 250ms)");
        assertThat(problems("data: {sources: {main: {start-retry-backoff: 1m}}}"))
                .contains("start-retry-max-backoff: 30s (expected: >= 1m)");
        assertThat(problems("data: {sources: {main: {health-query: ' '}}}"))
                .contains("health-query: ' ' (expected: not blank)");
    }
}
