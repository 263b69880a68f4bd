package dev.chassis.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.chassis.core.ConfigBinding;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BoundConfigProblemsTest {
    private static ConfigException bindFailure(Config config) {
        return assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ConfigBinding.bind(config, TestSections.ALL))
                .actual();
    }

    private static List<ConfigProblem> problems(Config config) {
        return bindFailure(config).problems();
    }

    @Test
    void unknownEnvironmentVariableIsAProblemNamingTheVariable() {
        Config config = Config.builder().environment(Map.of("CHASSIS_FOO", "x")).build();

        assertThat(problems(config))
                .containsExactly(new ConfigProblem(
                        "foo",
                        "x",
                        "environment variable CHASSIS_FOO",
                        "unknown environment variable CHASSIS_FOO (no key foo)"));
    }

    @Test
    void misspeltEnvironmentVariableSuggestsTheClosestOne() {
        Config config = Config.builder()
                .environment(Map.of("CHASSIS_SERVER_PROT", "80", "CHASSIS_CLIENTS_ORDERS_URLZ", "http://a"))
                .build();

        assertThat(problems(config))
                .containsExactly(
                        new ConfigProblem(
                                "clients.orders.urlz",
                                "http://a",
                                "environment variable CHASSIS_CLIENTS_ORDERS_URLZ",
                                "unknown environment variable CHASSIS_CLIENTS_ORDERS_URLZ (no key clients.orders.urlz;"
                                        + " did you mean CHASSIS_CLIENTS_ORDERS_URLS?)"),
                        new ConfigProblem(
                                "server.prot",
                                "80",
                                "environment variable CHASSIS_SERVER_PROT",
                                "unknown environment variable CHASSIS_SERVER_PROT (no key server.prot;"
                                        + " did you mean CHASSIS_SERVER_PORT?)"));
    }

    @Test
    void environmentVariableNamingAGroupOfKeysIsAProblem() {
        Config config =
                Config.builder().environment(Map.of("CHASSIS_SERVER", "1")).build();

        assertThat(problems(config))
                .containsExactly(new ConfigProblem(
                        "server",
                        "1",
                        "environment variable CHASSIS_SERVER",
                        "environment variable CHASSIS_SERVER names server, a group of keys, not a value"));
    }

    @Test
    void unknownYamlKeyNamesItsSourceAndSuggestsTheClosestKey() {
        Config config = Config.builder().yaml("classpath:application.yaml", """
                        server:
                          prot: 80
                          colour: blue
                        sever:
                          port: 1
                        """).build();

        assertThat(problems(config))
                .containsExactly(
                        new ConfigProblem("server.colour", "blue", "classpath:application.yaml", "unknown key"),
                        new ConfigProblem(
                                "server.prot",
                                "80",
                                "classpath:application.yaml",
                                "unknown key; did you mean server.port?"),
                        new ConfigProblem(
                                "sever", null, "classpath:application.yaml", "unknown key; did you mean server?"));
    }

    @Test
    void yamlKeyWrittenWithDotsIsReportedAsSuchWithItsNestedFormAndSource() {
        Config config = Config.builder().yaml("file app.yaml", """
                        server.port: 8080
                        clients.orders.urls: http://a
                        server:
                          max.content-length: 1MB
                        """).build();

        ConfigException failure = bindFailure(config);

        assertThat(failure.problems())
                .containsExactly(
                        new ConfigProblem(
                                "clients.orders.urls",
                                "http://a",
                                "file app.yaml",
                                "written with dots, which YAML does not split into nested keys"
                                        + " (expected: clients: {orders: {urls: ...}})"),
                        new ConfigProblem(
                                "server.max.content-length",
                                "1MB",
                                "file app.yaml",
                                "unknown key; did you mean server.max-content-length?"
                                        + " (and YAML does not split keys at dots: write them nested)"),
                        new ConfigProblem(
                                "server.port",
                                "8080",
                                "file app.yaml",
                                "written with dots, which YAML does not split into nested keys"
                                        + " (expected: server: {port: ...})"));
        assertThat(failure.getMessage())
                .contains("server.port = '8080' (from file app.yaml): written with dots, which YAML does not split"
                        + " into nested keys (expected: server: {port: ...})")
                .doesNotContain("a group of keys");
    }

    @Test
    void dottedNamesInsideAMapOfEntriesAreEntriesNotProblems() {
        Config config = Config.builder().yaml("file app.yaml", """
                        clients:
                          orders.v2: {urls: http://a}
                        """).build();

        assertThat(ConfigBinding.bind(config, TestSections.ALL)
                        .get(TestSections.CLIENTS)
                        .downstreams())
                .containsOnlyKeys("orders.v2");
    }

    @Test
    void unknownPropertiesKeyIsAProblem() {
        Config config = Config.builder()
                .properties("test overrides", Map.of("serv.port", "1", "clients.a.urls.x", "y"))
                .build();

        assertThat(problems(config))
                .containsExactly(
                        new ConfigProblem(
                                "clients.a.urls.x", "y", "test overrides", "unknown key; did you mean clients.a.urls?"),
                        new ConfigProblem(
                                "serv.port", "1", "test overrides", "unknown key; did you mean server.port?"));
    }

    @Test
    void unknownSystemPropertyUnderASectionIsAProblem() {
        Properties properties = new Properties();
        properties.setProperty("server.prot", "80");
        Config config = Config.builder().systemProperties(properties).build();

        assertThat(problems(config))
                .containsExactly(new ConfigProblem(
                        "server.prot", "80", "system property server.prot", "unknown key; did you mean server.port?"));
    }

    @Test
    void illTypedValuesFromSeveralSourcesAreReportedTogether() {
        Properties properties = new Properties();
        properties.setProperty("server.worker-threads", "many");
        Config config = Config.builder()
                .yaml("file /etc/orders/app.yaml", "server: {port: eighty, max-content-length: ten}")
                .properties("test overrides", Map.of("lifecycle.grace-period", "soon"))
                .environment(Map.of("CHASSIS_SERVER_TRANSPORT", "tcp"))
                .systemProperties(properties)
                .build();

        ConfigException e = bindFailure(config);

        assertThat(e.problems())
                .containsExactly(
                        new ConfigProblem(
                                "lifecycle.grace-period",
                                "soon",
                                "test overrides",
                                "not a duration (expected: 30s, 500ms, PT30S)"),
                        new ConfigProblem(
                                "server.max-content-length",
                                "ten",
                                "file /etc/orders/app.yaml",
                                "not a size (expected: 512, 64KiB, 10MiB)"),
                        new ConfigProblem("server.port", "eighty", "file /etc/orders/app.yaml", "not an integer"),
                        new ConfigProblem(
                                "server.transport",
                                "tcp",
                                "environment variable CHASSIS_SERVER_TRANSPORT",
                                "not one of: auto, epoll, nio"),
                        new ConfigProblem(
                                "server.worker-threads",
                                "many",
                                "system property server.worker-threads",
                                "not an integer"));
        assertThat(e.getMessage()).isEqualTo("""
                invalid configuration (5 problems):
                  - lifecycle.grace-period = 'soon' (from test overrides): not a duration (expected: 30s, 500ms, PT30S)
                  - server.max-content-length = 'ten' (from file /etc/orders/app.yaml): not a size (expected: 512, 64KiB, 10MiB)
                  - server.port = 'eighty' (from file /etc/orders/app.yaml): not an integer
                  - server.transport = 'tcp' (from environment variable CHASSIS_SERVER_TRANSPORT): not one of: auto, epoll, nio
                  - server.worker-threads = 'many' (from system property server.worker-threads): not an integer""");
    }

    @Test
    void overriddenValueIsReportedWithTheSourceThatSetItLast() {
        Config config = Config.builder()
                .yaml("file app.yaml", "server: {port: 1}")
                .environment(Map.of("CHASSIS_SERVER_PORT", "x1"))
                .build();

        assertThat(problems(config))
                .containsExactly(new ConfigProblem(
                        "server.port", "x1", "environment variable CHASSIS_SERVER_PORT", "not an integer"));
    }

    @Test
    void valuesOfTheWrongShapeAreProblems() {
        Config config = Config.builder().yaml("file app.yaml", """
                        server:
                          host: [a, b]
                        service: orders
                        clients:
                          orders:
                            urls: {first: http://a}
                        """).build();

        assertThat(problems(config))
                .containsExactly(
                        new ConfigProblem(
                                "clients.orders.urls",
                                null,
                                "file app.yaml",
                                "not a list (expected: a YAML sequence, or values separated by commas)"),
                        new ConfigProblem(
                                "server.host", "[a, b]", "file app.yaml", "not a single value (expected: text)"),
                        new ConfigProblem(
                                "service",
                                "orders",
                                "file app.yaml",
                                "not a mapping (expected: keys such as service.name)"));
    }

    @Test
    void nullForAPrimitiveIsAProblem() {
        Config config =
                Config.builder().yaml("file app.yaml", "server: {port: ~}").build();

        assertThat(problems(config))
                .containsExactly(new ConfigProblem("server.port", null, "file app.yaml", "null is not an integer"));
    }

    @Test
    void recordValidationIsReportedAtTheKeyItsMessageNames() {
        Config config = Config.builder()
                .environment(Map.of("CHASSIS_SERVER_PORT", "70000", "CHASSIS_LIFECYCLE_STOP_HOOK_TIMEOUT", "0"))
                .build();

        assertThat(problems(config))
                .containsExactly(
                        new ConfigProblem(
                                "lifecycle.stop-hook-timeout",
                                "0",
                                "environment variable CHASSIS_LIFECYCLE_STOP_HOOK_TIMEOUT",
                                "stop-hook-timeout: 0s (expected: > 0)"),
                        new ConfigProblem(
                                "server.port",
                                "70000",
                                "environment variable CHASSIS_SERVER_PORT",
                                "port: 70000 (expected: 0-65535)"));
    }

    @Test
    void nestedRecordValidationIsReportedUnderItsMapKey() {
        Config config = Config.builder()
                .yaml("file app.yaml", "clients: {orders: {urls: []}}")
                .build();

        assertThat(problems(config))
                .containsExactly(new ConfigProblem(
                        "clients.orders.urls", "[]", "file app.yaml", "urls: [] (expected: at least one URL)"));
    }

    @Test
    void recordValidationNamingNoKeyIsReportedAtTheRecord() {
        Config config = Config.builder()
                .yaml("file app.yaml", "clients: {order_service: {urls: [http://a]}}")
                .build();

        assertThat(problems(config))
                .containsExactly(new ConfigProblem(
                        "clients",
                        null,
                        "file app.yaml",
                        "downstream name 'order_service' has an underscore (expected: dashes, as in service names)"));
    }

    @Test
    void unknownKeyDoesNotHideTheRecordRejectingAnotherKey() {
        Config config = Config.builder()
                .yaml("file app.yaml", "server: {prot: 80, port: 70000}")
                .build();

        assertThat(problems(config))
                .containsExactly(
                        new ConfigProblem("server.port", "70000", "file app.yaml", "port: 70000 (expected: 0-65535)"),
                        new ConfigProblem(
                                "server.prot", "80", "file app.yaml", "unknown key; did you mean server.port?"));
    }

    @Test
    void illTypedValueIsReportedOnceNotAgainAsTheGapItLeaves() {
        Config config = Config.builder()
                .yaml(
                        "file app.yaml",
                        "clients: {orders: {urls: [], timeout: soon}, billing: {urls: [http://b], timeout: 1x}}")
                .build();

        assertThat(problems(config))
                .containsExactly(
                        new ConfigProblem(
                                "clients.billing.timeout",
                                "1x",
                                "file app.yaml",
                                "not a duration (expected: 30s, 500ms, PT30S)"),
                        new ConfigProblem(
                                "clients.orders.timeout",
                                "soon",
                                "file app.yaml",
                                "not a duration (expected: 30s, 500ms, PT30S)"),
                        new ConfigProblem(
                                "clients.orders.urls", "[]", "file app.yaml", "urls: [] (expected: at least one URL)"));
    }

    @Test
    void recordRejectingNullIsReportedAtTheMissingKey() {
        Config config =
                Config.builder().yaml("file app.yaml", "server: {transport: ~}").build();

        assertThat(problems(config))
                .containsExactly(new ConfigProblem(
                        "server.transport", null, "file app.yaml", "missing value (expected: a value for transport)"));
    }

    @Test
    void missingSubstitutionVariableNamesTheKeySourceAndVariable() {
        Config config = Config.builder()
                .yaml("file app.yaml", "server: {host: '${MISSING}'}")
                .environment(Map.of("CHASSIS_SERVICE_NAME", "${ALSO_MISSING}-svc"))
                .build();

        assertThat(problems(config))
                .containsExactly(
                        new ConfigProblem(
                                "server.host",
                                "${MISSING}",
                                "file app.yaml",
                                "variable MISSING is not set (expected: set it, or ${MISSING:-default})"),
                        new ConfigProblem(
                                "service.name",
                                "${ALSO_MISSING}-svc",
                                "environment variable CHASSIS_SERVICE_NAME",
                                "variable ALSO_MISSING is not set (expected: set it, or ${ALSO_MISSING:-default})"));
    }

    @Test
    void unterminatedSubstitutionIsAProblem() {
        Config config = Config.builder()
                .yaml("file app.yaml", "server: {host: '${HOST'}")
                .build();

        assertThat(problems(config))
                .containsExactly(new ConfigProblem(
                        "server.host",
                        "${HOST",
                        "file app.yaml",
                        "unterminated ${ (expected: ${VAR} or ${VAR:-default})"));
    }

    @Test
    void indexedKeysMustNotLeaveGaps() {
        Config config = Config.builder()
                .properties("test overrides", Map.of("clients.a.urls.0", "http://a", "clients.a.urls.2", "http://c"))
                .build();

        assertThat(problems(config))
                .containsExactly(new ConfigProblem(
                        "clients.a.urls.2",
                        "http://c",
                        "test overrides",
                        "index 2 follows a gap (expected: indexes from 0 without gaps, next 1)"));
    }

    @Test
    void secretValuesAreMaskedInProblems() {
        Config config = Config.builder()
                .yaml("file app.yaml", """
                        data:
                          primary:
                            password: ${DB_PASSWORD}
                            secret-key: hunter2
                        """)
                .environment(Map.of("CHASSIS_DATA_PRIMARY_API_TOKEN", "tok-123"))
                .build();

        ConfigException e = bindFailure(config);

        assertThat(e.problems())
                .extracting(ConfigProblem::key, ConfigProblem::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("data.primary.api-token", "******"),
                        org.assertj.core.groups.Tuple.tuple("data.primary.password", "******"),
                        org.assertj.core.groups.Tuple.tuple("data.primary.secret-key", "******"));
        assertThat(e.getMessage()).doesNotContain("hunter2", "tok-123", "${DB_PASSWORD}");
    }

    @Test
    void yamlSyntaxErrorNamesTheSourceLineAndColumn() {
        Config config = Config.builder()
                .yaml("classpath:broken.yaml", "server:\n  port: 80\n  host: [a\n")
                .build();

        ConfigException e = bindFailure(config);

        assertThat(e.getMessage())
                .isEqualTo("invalid YAML in classpath:broken.yaml at line 3, column 11: while parsing a flow sequence;"
                        + " expected ',' or ']', but got <stream end>");
        assertThat(e.problems()).isEmpty();
    }

    @Test
    void yamlKeyGivenTwiceIsRejectedRatherThanSilentlyReplaced() {
        Config config = Config.builder()
                .yaml("file app.yaml", "server:\n  port: 80\nlifecycle: {grace-period: 5s}\nserver:\n  host: a\n")
                .build();

        assertThat(bindFailure(config).getMessage())
                .startsWith("invalid YAML in file app.yaml at line 4")
                .endsWith("key server appears twice (expected: each key once; later ones would silently win)");
    }

    @Test
    void yamlDocumentThatIsNotAMappingIsRejected() {
        Config config = Config.builder().yaml("file list.yaml", "- a\n- b\n").build();

        assertThat(bindFailure(config).getMessage())
                .isEqualTo("invalid YAML in file list.yaml at line 1, column 1: the document is not a mapping"
                        + " (expected: keys such as server.port)");
    }

    @Test
    void twoSectionsWithOneNameAreRejected() {
        ConfigSection<ServiceConfig> other = ConfigSection.of("server", ServiceConfig.class, ServiceConfig.defaults());

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ConfigBinding.bind(Config.defaults(), List.of(ServerConfig.SECTION, other)))
                .withMessage("section: 'server' is declared twice (dev.chassis.core.config.ServerConfig and"
                        + " dev.chassis.core.config.ServiceConfig) (expected: one section per name)");
    }

    @Test
    void aPasswordWrittenIntoAUrlNeverReachesTheProblem() {
        Config config = Config.builder()
                .yaml("test", "server: {port: 'ftp://orders:s3cret@db:21', host: 'h;password=s3cret'}")
                .build();

        String message = bindFailure(config).getMessage();
        assertThat(message).doesNotContain("s3cret").contains("'ftp://orders:******@db:21'");
    }
}
