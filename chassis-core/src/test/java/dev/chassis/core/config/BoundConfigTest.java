package dev.chassis.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.TestSections.Clients;
import dev.chassis.core.config.TestSections.Database;
import dev.chassis.core.config.TestSections.Downstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BoundConfigTest {
    private static BoundConfig bind(Config config) {
        return ConfigBinding.bind(config, TestSections.ALL);
    }

    private static Properties systemProperties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void everySectionTakesItsDefaultsWhenNoLayerSetsAKey() {
        BoundConfig config = bind(Config.defaults());

        assertThat(config.get(ServerConfig.SECTION)).isEqualTo(ServerConfig.defaults());
        assertThat(config.get(ServiceConfig.SECTION)).isEqualTo(ServiceConfig.defaults());
        assertThat(config.get(AdminConfig.SECTION)).isEqualTo(AdminConfig.defaults());
        assertThat(config.get(LifecycleConfig.SECTION)).isEqualTo(LifecycleConfig.defaults());
        assertThat(config.get(TestSections.CLIENTS)).isEqualTo(new Clients(Map.of()));
        assertThat(config.get(TestSections.DATABASE)).isEqualTo(new Database("jdbc:h2:mem:test", "sa", "", Map.of()));
    }

    @Test
    void laterLayersWinKeyByKey() {
        Config config = Config.builder()
                .yaml("file app.yaml", """
                        server:
                          port: 1001
                          host: yaml.local
                          worker-threads: 5
                          idle-timeout: 1s
                        """)
                .properties(
                        "test overrides",
                        Map.of("server.port", "1002", "server.host", "properties.local", "server.worker-threads", "6"))
                .environment(Map.of("CHASSIS_SERVER_PORT", "1003", "CHASSIS_SERVER_HOST", "environment.local"))
                .systemProperties(systemProperties("server.port", "1004"))
                .build();

        ServerConfig server = bind(config).get(ServerConfig.SECTION);

        assertThat(server.port()).isEqualTo(1004);
        assertThat(server.host()).isEqualTo("environment.local");
        assertThat(server.workerThreads()).isEqualTo(6);
        assertThat(server.idleTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(server.requestTimeout()).isEqualTo(ServerConfig.DEFAULT_REQUEST_TIMEOUT);
    }

    @Test
    void eachKeyKnowsTheSourceThatSetItAndADefaultKnowsNone() {
        Config config = Config.builder()
                .yaml("file app.yaml", "server: {port: 1001, host: yaml.local}\nservice: {name: orders}")
                .environment(Map.of("CHASSIS_SERVER_PORT", "1003"))
                .systemProperties(systemProperties("server.worker-threads", "3"))
                .build();

        BoundConfig bound = bind(config);

        assertThat(bound.sourceOf("server.port")).hasValue("environment variable CHASSIS_SERVER_PORT");
        assertThat(bound.sourceOf("server.host")).hasValue("file app.yaml");
        assertThat(bound.sourceOf("server.worker-threads")).hasValue("system property server.worker-threads");
        assertThat(bound.sourceOf("service.name")).hasValue("file app.yaml");
        assertThat(bound.sourceOf("service.version")).isEmpty();
        assertThat(bound.sourceOf("server.request-timeout")).isEmpty();
        assertThat(bound.sourceOf("admin")).isEmpty();
        assertThat(bound.sourceOf("service")).hasValue("file app.yaml");
    }

    @Test
    void aLayerAddedWithWithWinsOverTheOthers() {
        Config base = Config.builder().yaml("base", "server: {port: 1}").build();

        Config overridden = base.with(ConfigSource.yaml("overrides", "server: {port: 2}"));

        assertThat(bind(overridden).get(ServerConfig.SECTION).port()).isEqualTo(2);
        assertThat(overridden.sources()).extracting(ConfigSource::name).containsExactly("base", "overrides");
        assertThat(bind(base).get(ServerConfig.SECTION).port()).isEqualTo(1);
    }

    @Test
    void environmentVariablesNameKeysByTheirWordsInAnyCase() {
        Config config = Config.builder()
                .environment(Map.of(
                        "CHASSIS_SERVER_PORT", "9000",
                        "CHASSIS_SERVER_MAX_CONTENT_LENGTH", "1MiB",
                        "CHASSIS_LIFECYCLE_GRACE_PERIOD", "5s",
                        "CHASSIS_Server_Worker_Threads", "7",
                        "CHASSIS_SERVER_TRANSPORT", "NIO"))
                .build();

        BoundConfig bound = bind(config);

        ServerConfig server = bound.get(ServerConfig.SECTION);
        assertThat(server.port()).isEqualTo(9000);
        assertThat(server.maxContentLength()).isEqualTo(DataSize.ofMebibytes(1));
        assertThat(server.workerThreads()).isEqualTo(7);
        assertThat(server.transport()).isEqualTo(ServerConfig.Transport.NIO);
        assertThat(bound.get(LifecycleConfig.SECTION).gracePeriod()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void environmentVariableMapKeyTakesTheFewestWordsThatLeaveAKey() {
        Config config = Config.builder()
                .environment(Map.of(
                        "CHASSIS_CLIENTS_ORDER_SERVICE_URLS", "http://a,http://b",
                        "CHASSIS_CLIENTS_ORDER_SERVICE_TIMEOUT", "750ms"))
                .build();

        Clients clients = bind(config).get(TestSections.CLIENTS);

        assertThat(clients.downstreams())
                .containsExactly(Map.entry(
                        "order-service", new Downstream(List.of("http://a", "http://b"), Duration.ofMillis(750))));
    }

    @Test
    void mapOfValuesTakesTheRestOfTheNameAsItsKey() {
        Config config = Config.builder()
                .properties("test overrides", Map.of("data.primary.properties.socket.timeout", "5"))
                .environment(Map.of("CHASSIS_DATA_PRIMARY_PROPERTIES_SSL_MODE", "require"))
                .build();

        Database database = bind(config).get(TestSections.DATABASE);

        assertThat(database.properties())
                .containsOnly(Map.entry("socket.timeout", "5"), Map.entry("ssl-mode", "require"));
    }

    @Test
    void variablesWithoutThePrefixAreNotConfiguration() {
        Config config = Config.builder()
                .environment(Map.of("SERVER_PORT", "1", "PATH", "/bin", "CHASSIS", "x", "CHASSIS_SERVER_PORT", "9000"))
                .build();

        assertThat(bind(config).get(ServerConfig.SECTION).port()).isEqualTo(9000);
    }

    @Test
    void systemPropertiesOutsideTheSectionsAreIgnored() {
        Config config = Config.builder()
                .systemProperties(systemProperties(
                        "java.version", "17",
                        "user.name", "someone",
                        "serverx.port", "1",
                        "data.secondary.url", "x",
                        "server.port", "9001"))
                .build();

        assertThat(bind(config).get(ServerConfig.SECTION).port()).isEqualTo(9001);
    }

    @Test
    void listsAreGivenAsSequencesCommaSeparatedOrByIndex() {
        Config config = Config.builder()
                .yaml("file app.yaml", """
                        clients:
                          yaml:
                            urls: [http://y1, http://y2]
                        """)
                .properties("test overrides", Map.of("clients.commas.urls", "http://c1, http://c2"))
                .environment(Map.of(
                        "CHASSIS_CLIENTS_INDEXED_URLS_1", "http://i2", "CHASSIS_CLIENTS_INDEXED_URLS_0", "http://i1"))
                .build();

        Map<String, Downstream> downstreams =
                bind(config).get(TestSections.CLIENTS).downstreams();

        assertThat(downstreams.get("yaml").urls()).containsExactly("http://y1", "http://y2");
        assertThat(downstreams.get("commas").urls()).containsExactly("http://c1", "http://c2");
        assertThat(downstreams.get("indexed").urls()).containsExactly("http://i1", "http://i2");
    }

    @Test
    void mapsMergeEntryByEntryAcrossLayers() {
        Config config = Config.builder()
                .yaml("file app.yaml", """
                        clients:
                          accounts:
                            urls: [http://accounts]
                            timeout: 1s
                        """)
                .environment(Map.of(
                        "CHASSIS_CLIENTS_ACCOUNTS_TIMEOUT", "3s", "CHASSIS_CLIENTS_ORDERS_URLS", "http://orders"))
                .build();

        Map<String, Downstream> downstreams =
                bind(config).get(TestSections.CLIENTS).downstreams();

        assertThat(downstreams)
                .containsOnly(
                        Map.entry("accounts", new Downstream(List.of("http://accounts"), Duration.ofSeconds(3))),
                        Map.entry("orders", new Downstream(List.of("http://orders"), Duration.ofSeconds(2))));
    }

    @Test
    void variablesAreSubstitutedWithTheirDefaults() {
        Config config = Config.builder()
                .yaml("file app.yaml", """
                        server:
                          port: ${PORT:-8080}
                          host: ${HOST}
                        service:
                          version: ${VERSION:-dev}-${BUILD:-0}
                        """)
                .substitutionVariables(Map.of("HOST", "127.0.0.1", "VERSION", "1.2"))
                .build();

        BoundConfig bound = bind(config);

        assertThat(bound.get(ServerConfig.SECTION).port()).isEqualTo(8080);
        assertThat(bound.get(ServerConfig.SECTION).host()).isEqualTo("127.0.0.1");
        assertThat(bound.get(ServiceConfig.SECTION).version()).isEqualTo("1.2-0");
    }

    @Test
    void variableThatIsSetWinsOverItsDefaultUnlessEmpty() {
        Config set = Config.builder()
                .yaml("file app.yaml", "server: {port: '${PORT:-8080}'}")
                .substitutionVariables(Map.of("PORT", "9000"))
                .build();
        Config empty = Config.builder()
                .yaml("file app.yaml", "server: {port: '${PORT:-8080}'}")
                .substitutionVariables(Map.of("PORT", ""))
                .build();

        assertThat(bind(set).get(ServerConfig.SECTION).port()).isEqualTo(9000);
        assertThat(bind(empty).get(ServerConfig.SECTION).port()).isEqualTo(8080);
    }

    @Test
    void substitutionAppliesToFlatSourcesToo() {
        Config config = Config.builder()
                .environment(Map.of("CHASSIS_SERVER_PORT", "${APP_PORT}", "APP_PORT", "7000"))
                .build();

        assertThat(bind(config).get(ServerConfig.SECTION).port()).isEqualTo(7000);
    }

    @Test
    void doubleDollarEscapesASubstitution() {
        Config config = Config.builder()
                .yaml("file app.yaml", "service: {version: 'v$${BUILD}-$$x'}")
                .substitutionVariables(Map.of("BUILD", "7"))
                .build();

        assertThat(bind(config).get(ServiceConfig.SECTION).version()).isEqualTo("v${BUILD}-$$x");
    }

    @Test
    void yamlScalarsAreReadAsWritten() {
        Config config = Config.builder().yaml("file app.yaml", """
                        service:
                          version: 1.10
                          name: "010"
                        server:
                          worker-threads: 010
                        """).build();

        BoundConfig bound = bind(config);

        assertThat(bound.get(ServiceConfig.SECTION).version()).isEqualTo("1.10");
        assertThat(bound.get(ServiceConfig.SECTION).name()).isEqualTo("010");
        assertThat(bound.get(ServerConfig.SECTION).workerThreads()).isEqualTo(10);
    }

    @Test
    void emptyYamlAndEmptySectionsSetNoKeys() {
        Config config = Config.builder()
                .yaml("empty", "")
                .yaml("comments only", "# nothing here\n")
                .yaml("empty section", "server:\nclients: ~\n")
                .build();

        BoundConfig bound = bind(config);

        assertThat(bound.get(ServerConfig.SECTION)).isEqualTo(ServerConfig.defaults());
        assertThat(bound.get(TestSections.CLIENTS).downstreams()).isEmpty();
    }

    @Test
    void explicitNullSetsANullableValue() {
        Config config = Config.builder()
                .yaml("file app.yaml", "data: {primary: {user: ~}}")
                .build();

        assertThat(bind(config).get(TestSections.DATABASE).user()).isNull();
    }

    @Test
    void enumsAreReadInAnyCase() {
        Config config = Config.builder()
                .yaml("file app.yaml", "server: {transport: EPOLL, executor: Pool}")
                .build();

        ServerConfig server = bind(config).get(ServerConfig.SECTION);

        assertThat(server.transport()).isEqualTo(ServerConfig.Transport.EPOLL);
        assertThat(server.executor()).isEqualTo(ServerConfig.Executor.POOL);
    }

    @Test
    void describeIsTheEffectiveConfigurationAsSortedYamlWithSecretsMasked() {
        Config config = Config.builder().yaml("file app.yaml", """
                        service: {version: '1.0', name: orders}
                        data:
                          primary:
                            password: hunter2
                            properties: {b-secret: x, a: y}
                        lifecycle: {grace-period: 1500ms}
                        """).build();

        BoundConfig bound = ConfigBinding.bind(
                config, List.of(ServiceConfig.SECTION, LifecycleConfig.SECTION, TestSections.DATABASE));

        assertThat(bound.describe()).isEqualTo("""
                data:
                  primary:
                    password: '******'
                    properties:
                      a: "y"
                      b-secret: '******'
                    url: jdbc:h2:mem:test
                    user: sa
                lifecycle:
                  grace-period: 1500ms
                  propagation-delay: 1s
                  stop-hook-timeout: 5s
                service:
                  name: orders
                  version: "1.0"
                """);
    }

    @Test
    void getRejectsASectionThatWasNotBound() {
        BoundConfig bound = ConfigBinding.bind(Config.defaults(), List.of(ServerConfig.SECTION));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> bound.get(AdminConfig.SECTION))
                .withMessage("section: 'admin' was not bound (expected: contribute it with @Provides @IntoSet"
                        + " ConfigSection<?>)");
    }
}
