package dev.chassis.observability;

import dagger.Provides;
import dagger.multibindings.ClassKey;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoMap;
import dagger.multibindings.IntoSet;
import dagger.multibindings.Multibinds;
import dev.chassis.core.client.ClientObserver;
import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.config.LiveConfig;
import dev.chassis.core.conformance.StandardFeature;
import dev.chassis.core.conformance.StandardFeatures;
import dev.chassis.core.context.ContextPropagator;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.ServerStats;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.observability.config.ObservabilityConfig;
import dev.chassis.observability.internal.AccessLogListener;
import dev.chassis.observability.internal.CorrelationListener;
import dev.chassis.observability.internal.CountingAsyncAppender;
import dev.chassis.observability.internal.HttpServerMetrics;
import dev.chassis.observability.internal.LogPipeline;
import dev.chassis.observability.internal.LogbackSetup;
import dev.chassis.observability.internal.LoggersEndpoint;
import dev.chassis.observability.internal.MetricsEndpoint;
import dev.chassis.observability.internal.ObservabilityParticipants;
import dev.chassis.observability.internal.OtelContextPropagator;
import dev.chassis.observability.internal.OtelEnvironment;
import dev.chassis.observability.internal.OutboundObserver;
import dev.chassis.observability.internal.RequestContextFilter;
import dev.chassis.observability.internal.ServiceResource;
import dev.chassis.observability.internal.StatusEndpoint;
import dev.chassis.observability.internal.StatusSampler;
import dev.chassis.observability.internal.TracingListener;
import dev.chassis.observability.internal.TracingSetup;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Singleton;

/**
 * Observability for a chassis service; add it to the component next to {@code ChassisModule}:
 *
 * <pre>{@code
 * @Component(modules = {ChassisModule.class, ObservabilityModule.class, OrdersModule.class})
 * }</pre>
 *
 * <p>It gives every request a correlation ID (in the MDC, the response header and problem
 * bodies), logs JSON to stdout without a {@code logback.xml}, writes one access-log event per
 * request, serves Prometheus metrics at {@code /metrics} (server RED metrics by route template,
 * JVM and process meters) and makes a server span per request from W3C trace context. Other
 * modules record their own meters in the {@link MeterRegistry} it provides, and outbound calls of
 * the chassis client carry the correlation ID and trace context through the
 * {@link ClientObserver} it contributes. A live status page for operators, read from the same
 * meters, is served at {@code /admin/status}.
 */
@dagger.Module
public abstract class ObservabilityModule {
    ObservabilityModule() {}

    /** Span processors beyond the configured exporter, such as an in-memory one in tests. */
    @Multibinds
    abstract Set<SpanProcessor> spanProcessors();

    @Provides
    @IntoSet
    static ConfigSection<?> section() {
        return ObservabilityConfig.SECTION;
    }

    /** JSON logs, the access log, /metrics and trace export, as --conformance lists them. */
    @Provides
    @IntoSet
    static StandardFeatures standardFeatures() {
        return config -> {
            ObservabilityConfig o = OtelEnvironment.resolve(
                            config, config.source().environment())
                    .config();
            String module = "chassis-observability";
            String format = o.logging().format().name().toLowerCase(java.util.Locale.ROOT);
            String exporter = o.tracing().exporter().name().toLowerCase(java.util.Locale.ROOT);
            return List.of(
                    new StandardFeature(
                            module,
                            "JSON logs",
                            o.logging().format() == ObservabilityConfig.Logging.Format.JSON,
                            "observability.logging.format: " + format),
                    new StandardFeature(
                            module,
                            "access log",
                            o.accessLog().enabled(),
                            "observability.access-log.enabled: " + o.accessLog().enabled()),
                    new StandardFeature(
                            module,
                            "metrics at " + o.metrics().path(),
                            o.metrics().enabled(),
                            "observability.metrics.enabled: " + o.metrics().enabled()),
                    new StandardFeature(
                            module,
                            "trace export",
                            o.tracing().exporter() != ObservabilityConfig.Tracing.Exporter.NONE,
                            "observability.tracing.exporter: " + exporter));
        };
    }

    /** The configuration with OpenTelemetry's environment variables below every configured key. */
    @Provides
    @Singleton
    static OtelEnvironment.Result withEnvironment(BoundConfig config) {
        return OtelEnvironment.resolve(config, config.source().environment());
    }

    @Provides
    @Singleton
    static ObservabilityConfig config(OtelEnvironment.Result config) {
        return config.config();
    }

    @Provides
    @Singleton
    static ServiceResource resource(OtelEnvironment.Result config) {
        return config.resource();
    }

    @Provides
    @Singleton
    static LogPipeline logging(ObservabilityConfig config, ServiceResource resource, LiveConfig live) {
        live.onChange(
                List.of("observability.logging.levels"),
                (now, before) -> LogbackSetup.changeLevels(
                        before.get(ObservabilityConfig.SECTION).logging(),
                        now.get(ObservabilityConfig.SECTION).logging()));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("service", resource.name());
        fields.put("version", resource.version());
        fields.put("instance", resource.instanceId());
        return LogbackSetup.apply(config.logging(), fields);
    }

    @Provides
    @Singleton
    static PrometheusMeterRegistry prometheus(
            ObservabilityConfig config, ServiceResource resource, LogPipeline logs, LiveConfig live) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (config.metrics().resourceTags()) {
            // Named as the resource attributes are: not Prometheus' own instance label, nor jvm_info's version.
            registry.config()
                    .commonTags(
                            "service.name",
                            resource.name(),
                            "service.version",
                            resource.version(),
                            "service.instance.id",
                            resource.instanceId());
        }
        registry.config()
                // Micrometer names these two against Prometheus' conventions (an abbreviated unit, a
                // _count suffix on a gauge); process.cpu.usage and jvm.info cover the same ground.
                .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
                .meterFilter(MeterFilter.denyNameStartsWith("system.cpu.count"));
        // The resource once, as OpenTelemetry's Prometheus compatibility has it; a query joins it
        // on the target's job and instance labels.
        Tags resourceTags = Tags.empty();
        for (Map.Entry<String, String> attribute : resource.attributes().entrySet()) {
            resourceTags = resourceTags.and(attribute.getKey(), attribute.getValue());
        }
        Gauge.builder("target.info", () -> 1)
                .description("The service's resource attributes: name, version, instance and any others configured")
                .tags(resourceTags)
                .strongReference(true)
                .register(registry);
        Gauge.builder("config.restart.pending", live, l -> l.pendingRestart().size())
                .description("Configuration keys changed while running that take effect only at the next start")
                .strongReference(true)
                .register(registry);
        CountingAsyncAppender async = logs.async();
        if (async != null) {
            FunctionCounter.builder("log.events.dropped", async, CountingAsyncAppender::dropped)
                    .description("Log events dropped because the async appender's queue was full")
                    .register(registry);
        }
        return registry;
    }

    @Provides
    static MeterRegistry meterRegistry(PrometheusMeterRegistry registry) {
        return registry;
    }

    @Provides
    @IntoMap
    @ClassKey(MeterRegistry.class)
    static Object exposeRegistry(PrometheusMeterRegistry registry) {
        return registry;
    }

    @Provides
    @IntoMap
    @ClassKey(PrometheusMeterRegistry.class)
    static Object exposePrometheus(PrometheusMeterRegistry registry) {
        return registry;
    }

    @Provides
    @IntoMap
    @ClassKey(OpenTelemetry.class)
    static Object exposeOpenTelemetry(OpenTelemetrySdk sdk) {
        return sdk;
    }

    @Provides
    @Singleton
    static OpenTelemetrySdk openTelemetrySdk(
            ObservabilityConfig config, ServiceResource resource, Set<SpanProcessor> processors) {
        return TracingSetup.create(resource, config.tracing(), processors);
    }

    @Provides
    static OpenTelemetry openTelemetry(OpenTelemetrySdk sdk) {
        return sdk;
    }

    @Provides
    @ElementsIntoSet
    static Set<ExchangeListener> listeners(
            ObservabilityConfig config,
            OpenTelemetry openTelemetry,
            Set<SpanProcessor> processors,
            MeterRegistry registry,
            ServerStats stats,
            AdminConfig admin) {
        Set<ExchangeListener> listeners = new LinkedHashSet<>();
        listeners.add(new CorrelationListener(config.correlation().header()));
        Set<String> untraced = new LinkedHashSet<>();
        if (!config.tracing().includeHealthAndMetrics()) {
            untraced.addAll(List.of(admin.livePath(), admin.readyPath(), admin.healthPath()));
            if (config.metrics().enabled()) {
                untraced.add(config.metrics().path());
            }
        }
        listeners.add(new TracingListener(
                openTelemetry, TracingSetup.recordsNothing(config.tracing(), processors), untraced));
        if (config.metrics().enabled()) {
            listeners.add(
                    new HttpServerMetrics(registry, stats, config.metrics().buckets()));
        }
        if (config.accessLog().enabled()) {
            listeners.add(
                    new AccessLogListener(config.accessLog(), config.logging().fields()));
        }
        return listeners;
    }

    @Provides
    @IntoSet
    static Filter requestContext() {
        return new RequestContextFilter();
    }

    @Provides
    @ElementsIntoSet
    static Set<Routes> routes(
            ObservabilityConfig config, PrometheusMeterRegistry registry, AdminConfig admin, StatusSampler sampler) {
        Set<Routes> routes = new LinkedHashSet<>();
        routes.add(new LoggersEndpoint(config.logging().loggersPath()));
        if (config.metrics().enabled()) {
            routes.add(new MetricsEndpoint(config.metrics().path(), registry));
            if (config.status().enabled()) {
                routes.add(new StatusEndpoint(config.status().path(), admin.readyPath(), registry, sampler));
            }
        }
        return routes;
    }

    /** The status page's last minute of meter readings; sampling runs only while the page is served. */
    @Provides
    @Singleton
    static StatusSampler statusSampler(ObservabilityConfig config, MeterRegistry registry) {
        return new StatusSampler(registry, config.status().sampleInterval());
    }

    @Provides
    @IntoSet
    static ContextPropagator otelContext() {
        return new OtelContextPropagator();
    }

    @Provides
    @IntoSet
    static ClientObserver outbound(ObservabilityConfig config, OpenTelemetry openTelemetry, MeterRegistry registry) {
        return new OutboundObserver(
                config.correlation().header(),
                openTelemetry,
                registry,
                config.metrics().buckets());
    }

    @Provides
    @ElementsIntoSet
    static Set<LifecycleParticipant> participants(
            ObservabilityConfig config,
            MeterRegistry registry,
            OpenTelemetrySdk sdk,
            LogPipeline logs,
            StatusSampler sampler) {
        Set<LifecycleParticipant> participants = new LinkedHashSet<>();
        if (config.metrics().enabled()) {
            participants.add(ObservabilityParticipants.jvmMetrics(registry));
            if (config.status().enabled()) {
                participants.add(sampler);
            }
        }
        participants.add(ObservabilityParticipants.tracing(sdk));
        participants.add(ObservabilityParticipants.logging(logs));
        return participants;
    }
}
