package dev.chassis.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ServiceConfig;
import dev.chassis.observability.config.ObservabilityConfig;
import dev.chassis.observability.config.ObservabilityConfig.Tracing;
import dev.chassis.observability.config.ObservabilityConfig.Tracing.Exporter;
import dev.chassis.observability.config.ObservabilityConfig.Tracing.Sampler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OtelEnvironmentTest {
    private static OtelEnvironment.Result resolve(String yaml, String... variables) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            environment.put(variables[i], variables[i + 1]);
        }
        Config config = Config.builder().yaml("file app.yaml", yaml).build();
        BoundConfig bound = ConfigBinding.bind(config, List.of(ServiceConfig.SECTION, ObservabilityConfig.SECTION));
        return OtelEnvironment.resolve(bound, environment);
    }

    private static Tracing tracing(String yaml, String... variables) {
        return resolve(yaml, variables).config().tracing();
    }

    private static String problem(String yaml, String... variables) {
        return assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> resolve(yaml, variables))
                .actual()
                .getMessage();
    }

    @Test
    void withoutVariablesTheConfigurationIsAsBound() {
        OtelEnvironment.Result result = resolve("service: {name: orders, version: 1.0.0}");

        assertThat(result.config()).isEqualTo(ObservabilityConfig.defaults());
        assertThat(result.resource().attributes()).containsEntry("service.name", "orders");
        assertThat(result.resource().attributes()).containsEntry("service.version", "1.0.0");
    }

    @Test
    void theVariablesSetWhatNoLayerSets() {
        OtelEnvironment.Result result = resolve(
                "",
                "OTEL_SERVICE_NAME",
                "from-env",
                "OTEL_TRACES_EXPORTER",
                "OTLP",
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://collector:4318",
                "OTEL_EXPORTER_OTLP_HEADERS",
                "api-key=s%3Dcret,x-team=pay+ments",
                "OTEL_TRACES_SAMPLER",
                "traceidratio",
                "OTEL_TRACES_SAMPLER_ARG",
                "0.25",
                "OTEL_RESOURCE_ATTRIBUTES",
                "deployment.environment=prod,service.version=2.0.0," + "service.instance.id=pod-7,note=a%20b%2Cc");
        Tracing tracing = result.config().tracing();

        assertThat(tracing.exporter()).isEqualTo(Exporter.OTLP);
        assertThat(tracing.endpoint()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(tracing.headers()).isEqualTo(Map.of("api-key", "s=cret", "x-team", "pay+ments"));
        assertThat(tracing.sampler()).isEqualTo(Sampler.TRACEIDRATIO);
        assertThat(tracing.samplerRatio()).isEqualTo(0.25);
        assertThat(result.resource().attributes())
                .containsExactly(
                        Map.entry("service.name", "from-env"),
                        Map.entry("service.version", "2.0.0"),
                        Map.entry("service.instance.id", "pod-7"),
                        Map.entry("deployment.environment", "prod"),
                        Map.entry("note", "a b,c"));
    }

    @Test
    void aKeySetInAnyLayerWinsOverItsVariable() {
        OtelEnvironment.Result result = resolve(
                "service: {name: orders, version: 1.0.0}\n"
                        + "observability:\n"
                        + "  instance: orders-1\n"
                        + "  tracing:\n"
                        + "    exporter: logging\n"
                        + "    endpoint: http://configured:4318/v1/traces\n"
                        + "    headers: {api-key: configured}\n"
                        + "    sampler: parentbased_always_off\n"
                        + "    sampler-ratio: 0.5\n"
                        + "    resource-attributes: {deployment.environment: configured}\n",
                "OTEL_SERVICE_NAME",
                "from-env",
                "OTEL_TRACES_EXPORTER",
                "otlp",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                "http://env:4318/v1/traces",
                "OTEL_EXPORTER_OTLP_HEADERS",
                "api-key=env,x-other=env",
                "OTEL_TRACES_SAMPLER",
                "always_on",
                "OTEL_TRACES_SAMPLER_ARG",
                "0.1",
                "OTEL_RESOURCE_ATTRIBUTES",
                "deployment.environment=env,service.name=env,service.version=9,service.instance.id=env-1,team=env");
        Tracing tracing = result.config().tracing();

        assertThat(tracing.exporter()).isEqualTo(Exporter.LOGGING);
        assertThat(tracing.endpoint()).isEqualTo("http://configured:4318/v1/traces");
        assertThat(tracing.headers()).isEqualTo(Map.of("api-key", "configured", "x-other", "env"));
        assertThat(tracing.sampler()).isEqualTo(Sampler.PARENTBASED_ALWAYS_OFF);
        assertThat(tracing.samplerRatio()).isEqualTo(0.5);
        assertThat(result.resource().attributes())
                .containsExactly(
                        Map.entry("service.name", "orders"),
                        Map.entry("service.version", "1.0.0"),
                        Map.entry("service.instance.id", "orders-1"),
                        Map.entry("deployment.environment", "configured"),
                        Map.entry("team", "env"));
    }

    @Test
    void aKeyConfiguredToItsDefaultValueStillWins() {
        Tracing tracing = tracing(
                "observability: {tracing: {exporter: none, sampler-ratio: 1.0}}",
                "OTEL_TRACES_EXPORTER",
                "otlp",
                "OTEL_TRACES_SAMPLER_ARG",
                "0.1");

        assertThat(tracing.exporter()).isEqualTo(Exporter.NONE);
        assertThat(tracing.samplerRatio()).isEqualTo(1.0);
    }

    @Test
    void theServiceNameVariableWinsOverTheResourceAttributesOne() {
        OtelEnvironment.Result result =
                resolve("", "OTEL_SERVICE_NAME", "named", "OTEL_RESOURCE_ATTRIBUTES", "service.name=attribute");
        assertThat(result.resource().name()).isEqualTo("named");
        assertThat(resolve("", "OTEL_RESOURCE_ATTRIBUTES", "service.name=attribute")
                        .resource()
                        .name())
                .isEqualTo("attribute");
        assertThat(resolve("").resource().name()).isEqualTo(ServiceConfig.DEFAULT_NAME);
    }

    @ParameterizedTest
    @CsvSource({
        "http://collector:4318, http://collector:4318/v1/traces",
        "http://collector:4318/, http://collector:4318/v1/traces",
        "https://collector.example/otlp, https://collector.example/otlp/v1/traces",
        "https://collector.example/otlp/, https://collector.example/otlp/v1/traces",
    })
    void theGenericEndpointGetsTheTracesPath(String endpoint, String expected) {
        assertThat(tracing("", "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint).endpoint())
                .isEqualTo(expected);
    }

    @Test
    void theTracesEndpointIsUsedAsItIsAndWinsOverTheGenericOne() {
        assertThat(tracing(
                                "",
                                "OTEL_EXPORTER_OTLP_ENDPOINT",
                                "http://generic:4318",
                                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                                "http://traces:4318/custom")
                        .endpoint())
                .isEqualTo("http://traces:4318/custom");
    }

    @Test
    void anEmptyVariableIsUnset() {
        assertThat(tracing("", "OTEL_TRACES_EXPORTER", "", "OTEL_TRACES_SAMPLER", " "))
                .isEqualTo(Tracing.defaults());
    }

    @ParameterizedTest
    @CsvSource({
        "always_on, ALWAYS_ON",
        "always_off, ALWAYS_OFF",
        "traceidratio, TRACEIDRATIO",
        "parentbased_always_on, PARENTBASED_ALWAYS_ON",
        "ParentBased_Always_Off, PARENTBASED_ALWAYS_OFF",
        "PARENTBASED_TRACEIDRATIO, PARENTBASED_TRACEIDRATIO",
    })
    void samplersAreReadByTheirNamesInAnyCase(String name, Sampler expected) {
        assertThat(tracing("", "OTEL_TRACES_SAMPLER", name).sampler()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"otlp, OTLP", "console, LOGGING", "logging, LOGGING", "none, NONE"})
    void exportersAreReadByTheirNames(String name, Exporter expected) {
        assertThat(tracing("", "OTEL_TRACES_EXPORTER", name).exporter()).isEqualTo(expected);
    }

    @Test
    void anUnknownSamplerFailsNamingTheVariable() {
        assertThat(problem("", "OTEL_TRACES_SAMPLER", "jaeger_remote"))
                .isEqualTo("invalid configuration (1 problem):\n"
                        + "  - observability.tracing.sampler = 'jaeger_remote' (from environment variable"
                        + " OTEL_TRACES_SAMPLER): expected: one of always_on, always_off, traceidratio,"
                        + " parentbased_always_on, parentbased_always_off, parentbased_traceidratio");
    }

    @Test
    void aSamplerArgumentThatIsNoRatioFailsNamingTheVariable() {
        assertThat(problem("", "OTEL_TRACES_SAMPLER_ARG", "half", "OTEL_TRACES_EXPORTER", "zipkin"))
                .isEqualTo("invalid configuration (2 problems):\n"
                        + "  - observability.tracing.exporter = 'zipkin' (from environment variable"
                        + " OTEL_TRACES_EXPORTER): expected: one of otlp, console, logging, none\n"
                        + "  - observability.tracing.sampler-ratio = 'half' (from environment variable"
                        + " OTEL_TRACES_SAMPLER_ARG): expected: a number from 0.0 to 1.0");
        assertThat(problem("", "OTEL_TRACES_SAMPLER_ARG", "1.5"))
                .contains(
                        "observability.tracing.sampler-ratio = '1.5' (from environment variable OTEL_TRACES_SAMPLER_ARG)");
    }

    @Test
    void moreThanOneExporterFails() {
        assertThat(problem("", "OTEL_TRACES_EXPORTER", "otlp,console"))
                .contains("(from environment variable OTEL_TRACES_EXPORTER): expected: one exporter of otlp, console,"
                        + " logging, none (the chassis exports to one)");
    }

    @Test
    void anOtlpProtocolOtherThanHttpProtobufFailsOnlyWhenExportingOtlp() {
        assertThat(problem("", "OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"))
                .contains("observability.tracing.exporter = 'grpc' (from environment variable"
                        + " OTEL_EXPORTER_OTLP_PROTOCOL): expected: http/protobuf");
        assertThat(tracing("", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc").exporter())
                .isEqualTo(Exporter.NONE);
        assertThat(tracing("", "OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "HTTP/PROTOBUF")
                        .exporter())
                .isEqualTo(Exporter.OTLP);
    }

    @Test
    void anEndpointThatIsNoUrlFailsNamingTheVariable() {
        assertThat(problem("", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "collector:4318"))
                .contains("observability.tracing.endpoint = 'collector:4318' (from environment variable"
                        + " OTEL_EXPORTER_OTLP_TRACES_ENDPOINT): expected: an http or https URL");
    }

    @Test
    void pairsThatCannotBeReadFailAndHeadersAreNotShown() {
        assertThat(problem("", "OTEL_RESOURCE_ATTRIBUTES", "team"))
                .isEqualTo("invalid configuration (1 problem):\n"
                        + "  - observability.tracing.resource-attributes = 'team' (from environment variable"
                        + " OTEL_RESOURCE_ATTRIBUTES): expected: key=value pairs separated by commas, such as"
                        + " deployment.environment=prod,team=payments");
        assertThat(problem("", "OTEL_EXPORTER_OTLP_HEADERS", "Bearer s3cret"))
                .doesNotContain("s3cret")
                .contains("observability.tracing.headers (from environment variable OTEL_EXPORTER_OTLP_HEADERS)");
        assertThat(problem("", "OTEL_RESOURCE_ATTRIBUTES", "a=%zz")).contains("expected: values percent-encoded");
    }
}
