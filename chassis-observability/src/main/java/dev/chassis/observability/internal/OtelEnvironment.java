package dev.chassis.observability.internal;

import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigProblem;
import dev.chassis.core.config.ServiceConfig;
import dev.chassis.observability.config.ObservabilityConfig;
import dev.chassis.observability.config.ObservabilityConfig.Tracing;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry's own environment variables, as its SDK specification names them, ranked below
 * every key of the chassis' configuration: a variable sets what no configuration layer set.
 *
 * <table>
 * <caption>Variables and what they set</caption>
 * <tr><th>variable</th><th>sets, unless configured</th></tr>
 * <tr><td>{@code OTEL_SERVICE_NAME}</td><td>resource {@code service.name} (unless {@code service.name})</td></tr>
 * <tr><td>{@code OTEL_RESOURCE_ATTRIBUTES}</td><td>resource attributes, each below {@code tracing.resource-attributes};
 * {@code service.version} unless {@code service.version}, {@code service.instance.id} unless {@code instance}</td></tr>
 * <tr><td>{@code OTEL_TRACES_EXPORTER}</td><td>{@code tracing.exporter}: {@code otlp}, {@code console} or {@code logging}, {@code none}</td></tr>
 * <tr><td>{@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}</td><td>{@code tracing.endpoint}, as it is</td></tr>
 * <tr><td>{@code OTEL_EXPORTER_OTLP_ENDPOINT}</td><td>{@code tracing.endpoint}, with {@code /v1/traces} added</td></tr>
 * <tr><td>{@code OTEL_EXPORTER_OTLP_TRACES_HEADERS}, {@code OTEL_EXPORTER_OTLP_HEADERS}</td><td>{@code tracing.headers}, each header below the configured ones</td></tr>
 * <tr><td>{@code OTEL_EXPORTER_OTLP_TRACES_PROTOCOL}, {@code OTEL_EXPORTER_OTLP_PROTOCOL}</td><td>nothing: only {@code http/protobuf} is accepted when exporting OTLP</td></tr>
 * <tr><td>{@code OTEL_TRACES_SAMPLER}</td><td>{@code tracing.sampler}</td></tr>
 * <tr><td>{@code OTEL_TRACES_SAMPLER_ARG}</td><td>{@code tracing.sampler-ratio}</td></tr>
 * </table>
 *
 * <p>An empty variable is unset, and names of exporters, samplers and protocols are read in any
 * case, as the specification asks. A value that cannot be read fails start-up with a
 * {@link ConfigException} naming the variable.
 */
public final class OtelEnvironment {
    static final String SERVICE_NAME = "OTEL_SERVICE_NAME";
    static final String RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";
    static final String EXPORTER = "OTEL_TRACES_EXPORTER";
    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    static final String HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
    static final String TRACES_HEADERS = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";
    static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
    static final String TRACES_PROTOCOL = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
    static final String SAMPLER = "OTEL_TRACES_SAMPLER";
    static final String SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";

    private static final String TRACING = "observability.tracing.";
    private static final String EXPORTERS = "otlp, console, logging, none";
    private static final String SAMPLERS = "always_on, always_off, traceidratio, parentbased_always_on, "
            + "parentbased_always_off, parentbased_traceidratio";

    /**
     * What the configuration and the variables give together.
     *
     * @param config the module's configuration with the variables' values where no layer set one
     * @param resource the service's resource
     */
    public record Result(ObservabilityConfig config, ServiceResource resource) {}

    private final BoundConfig bound;
    private final Map<String, String> environment;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private OtelEnvironment(BoundConfig bound, Map<String, String> environment) {
        this.bound = bound;
        this.environment = environment;
    }

    /**
     * Reads the variables of {@code environment} below the keys {@code bound} has.
     *
     * @param environment the process environment; {@code Config.environment()} of the bound
     *     configuration, which tests give as they like
     * @throws ConfigException naming every variable whose value cannot be read
     */
    public static Result resolve(BoundConfig bound, Map<String, String> environment) {
        return new OtelEnvironment(bound, environment).resolve();
    }

    private Result resolve() {
        ObservabilityConfig config = bound.get(ObservabilityConfig.SECTION);
        Tracing tracing = tracing(config.tracing());
        ServiceResource resource = resource(bound.get(ServiceConfig.SECTION), config, resourceAttributes());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        ObservabilityConfig effective = new ObservabilityConfig(
                config.instance(),
                config.correlation(),
                config.logging(),
                config.accessLog(),
                config.metrics(),
                tracing,
                config.status());
        return new Result(effective, resource);
    }

    private Tracing tracing(Tracing configured) {
        Tracing.Exporter exporter = configured.exporter();
        String exporterName = unless("exporter", EXPORTER);
        if (exporterName != null) {
            exporter = exporter(exporterName);
        }
        String endpoint = configured.endpoint();
        if (!configured("endpoint")) {
            String traces = variable(TRACES_ENDPOINT);
            String generic = variable(ENDPOINT);
            if (traces != null) {
                endpoint = url(TRACES_ENDPOINT, traces);
            } else if (generic != null) {
                endpoint = withTracesPath(url(ENDPOINT, generic));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(pairs(HEADERS, TRACING + "headers", true));
        headers.putAll(pairs(TRACES_HEADERS, TRACING + "headers", true));
        headers.putAll(configured.headers());
        if (exporter == Tracing.Exporter.OTLP) {
            protocol(TRACES_PROTOCOL);
            protocol(PROTOCOL);
        }
        Tracing.Sampler sampler = configured.sampler();
        String samplerName = unless("sampler", SAMPLER);
        if (samplerName != null) {
            sampler = sampler(samplerName);
        }
        double ratio = configured.samplerRatio();
        String argument = unless("sampler-ratio", SAMPLER_ARG);
        if (argument != null) {
            ratio = ratio(argument);
        }
        if (!problems.isEmpty()) {
            return configured;
        }
        return new Tracing(
                exporter,
                endpoint,
                headers,
                sampler,
                ratio,
                configured.resourceAttributes(),
                configured.includeHealthAndMetrics());
    }

    /**
     * The resource: each of the three service attributes from its chassis key when a layer set
     * it, else from the variables, else the chassis default; the configured resource attributes
     * over the variable's, and over the three too.
     */
    private ServiceResource resource(
            ServiceConfig service, ObservabilityConfig config, Map<String, String> fromVariable) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String name = service.name();
        if (!bound.sourceOf("service.name").isPresent()) {
            String variable = variable(SERVICE_NAME);
            name = variable != null ? variable : fromVariable.getOrDefault(ServiceResource.NAME, name);
        }
        attributes.put(ServiceResource.NAME, name);
        attributes.put(
                ServiceResource.VERSION,
                bound.sourceOf("service.version").isPresent()
                        ? service.version()
                        : fromVariable.getOrDefault(ServiceResource.VERSION, service.version()));
        String instance = config.instance();
        if (instance.isBlank()) {
            instance = fromVariable.getOrDefault(ServiceResource.INSTANCE, "");
        }
        attributes.put(ServiceResource.INSTANCE, Instances.resolve(instance, environment));
        fromVariable.forEach(attributes::putIfAbsent);
        attributes.putAll(config.tracing().resourceAttributes());
        return new ServiceResource(attributes);
    }

    private Map<String, String> resourceAttributes() {
        return pairs(RESOURCE_ATTRIBUTES, TRACING + "resource-attributes", false);
    }

    /** The variable's value when the key was not configured; null when it was, or the variable is unset. */
    private @Nullable String unless(String key, String variable) {
        return configured(key) ? null : variable(variable);
    }

    private boolean configured(String tracingKey) {
        return bound.sourceOf(TRACING + tracingKey).isPresent();
    }

    private @Nullable String variable(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private Tracing.Exporter exporter(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "otlp" -> Tracing.Exporter.OTLP;
            case "console", "logging" -> Tracing.Exporter.LOGGING;
            case "none" -> Tracing.Exporter.NONE;
            default -> {
                problem(
                        "exporter",
                        value,
                        EXPORTER,
                        value.contains(",")
                                ? "expected: one exporter of " + EXPORTERS + " (the chassis exports to one)"
                                : "expected: one of " + EXPORTERS);
                yield Tracing.Exporter.NONE;
            }
        };
    }

    private Tracing.Sampler sampler(String value) {
        for (Tracing.Sampler sampler : Tracing.Sampler.values()) {
            if (sampler.toString().equalsIgnoreCase(value)) {
                return sampler;
            }
        }
        problem("sampler", value, SAMPLER, "expected: one of " + SAMPLERS);
        return Tracing.Sampler.PARENTBASED_TRACEIDRATIO;
    }

    private double ratio(String value) {
        try {
            double ratio = Double.parseDouble(value);
            if (ratio >= 0 && ratio <= 1) {
                return ratio;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        problem("sampler-ratio", value, SAMPLER_ARG, "expected: a number from 0.0 to 1.0");
        return 1.0;
    }

    private String url(String variable, String value) {
        if (!(value.startsWith("http://") || value.startsWith("https://"))) {
            problem("endpoint", value, variable, "expected: an http or https URL");
        }
        return value;
    }

    /**
     * The generic endpoint with the signal's path, as the OTLP exporter specification has it:
     * {@code v1/traces} after the endpoint's own path, with one slash between.
     */
    static String withTracesPath(String endpoint) {
        return (endpoint.endsWith("/") ? endpoint : endpoint + "/") + "v1/traces";
    }

    private void protocol(String variable) {
        String value = variable(variable);
        if (value != null && !value.equalsIgnoreCase("http/protobuf")) {
            problem(
                    "exporter",
                    value,
                    variable,
                    "expected: http/protobuf (the OTLP exporter sends protobuf over HTTP, to port 4318 by default)");
        }
    }

    /**
     * A list of {@code key=value} pairs, comma-separated, values percent-decoded, as the
     * specification writes resource attributes and headers.
     *
     * @param secret whether values may be secrets, and so are left out of problems
     */
    private Map<String, String> pairs(String variable, String key, boolean secret) {
        String value = variable(variable);
        Map<String, String> pairs = new LinkedHashMap<>();
        if (value == null) {
            return pairs;
        }
        for (String member : value.split(",", -1)) {
            int equals = member.indexOf('=');
            String name = equals < 0 ? "" : member.substring(0, equals).strip();
            if (name.isEmpty()) {
                problems.add(new ConfigProblem(
                        key,
                        secret ? null : value,
                        "environment variable " + variable,
                        "expected: key=value pairs separated by commas, such as "
                                + (secret ? "api-key=secret" : "deployment.environment=prod,team=payments")));
                return Map.of();
            }
            try {
                // Percent-decoding only: a plus sign is itself, not a space as in a form.
                String encoded = member.substring(equals + 1).strip().replace("+", "%2B");
                pairs.put(name, URLDecoder.decode(encoded, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(
                        key,
                        secret ? null : value,
                        "environment variable " + variable,
                        "expected: values percent-encoded (" + e.getMessage() + ")"));
                return Map.of();
            }
        }
        return pairs;
    }

    private void problem(String tracingKey, String value, String variable, String message) {
        problems.add(new ConfigProblem(TRACING + tracingKey, value, "environment variable " + variable, message));
    }
}
