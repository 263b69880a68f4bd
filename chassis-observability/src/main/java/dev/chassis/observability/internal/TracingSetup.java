package dev.chassis.observability.internal;

import dev.chassis.observability.config.ObservabilityConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;

/**
 * Builds the OpenTelemetry SDK from the chassis configuration. With exporter {@code none}, spans
 * are made (so trace and span IDs exist and are propagated, keeping the caller's sampling
 * decision) but nothing new is recorded: new traces are not sampled and no exporter is attached.
 * Extra span processors (an in-memory exporter in tests, say) turn sampling on.
 */
public final class TracingSetup {
    private TracingSetup() {}

    public static OpenTelemetrySdk create(
            ServiceResource resource,
            ObservabilityConfig.Tracing config,
            Collection<? extends SpanProcessor> extraProcessors) {
        AttributesBuilder attributes = Attributes.builder();
        resource.attributes().forEach((k, v) -> attributes.put(AttributeKey.stringKey(k), v));
        SdkTracerProviderBuilder provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(attributes.build())));
        SpanExporter exporter = switch (config.exporter()) {
            case NONE -> null;
            case LOGGING -> new LoggingSpanExporter();
            case OTLP -> otlp(config);
        };
        if (recordsNothing(config, extraProcessors)) {
            provider.setSampler(Sampler.parentBased(Sampler.alwaysOff()));
            // Without any processor the SDK hands out a no-op tracer that makes no IDs at all.
            provider.addSpanProcessor(new IdsOnly());
        } else {
            provider.setSampler(sampler(config));
        }
        if (exporter instanceof LoggingSpanExporter) {
            // A log event per span as it ends: for local work and tests, where waiting for a batch hides spans.
            provider.addSpanProcessor(SimpleSpanProcessor.create(exporter));
        } else if (exporter != null) {
            provider.addSpanProcessor(BatchSpanProcessor.builder(exporter).build());
        }
        extraProcessors.forEach(provider::addSpanProcessor);
        return OpenTelemetrySdk.builder()
                .setTracerProvider(provider.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    /** The configured sampler, by OpenTelemetry's own names. */
    static Sampler sampler(ObservabilityConfig.Tracing config) {
        return switch (config.sampler()) {
            case ALWAYS_ON -> Sampler.alwaysOn();
            case ALWAYS_OFF -> Sampler.alwaysOff();
            case TRACEIDRATIO -> Sampler.traceIdRatioBased(config.samplerRatio());
            case PARENTBASED_ALWAYS_ON -> Sampler.parentBased(Sampler.alwaysOn());
            case PARENTBASED_ALWAYS_OFF -> Sampler.parentBased(Sampler.alwaysOff());
            case PARENTBASED_TRACEIDRATIO -> Sampler.parentBased(Sampler.traceIdRatioBased(config.samplerRatio()));
        };
    }

    /** Whether no span is ever exported: exporter {@code none} and no other span processor. */
    public static boolean recordsNothing(
            ObservabilityConfig.Tracing config, Collection<? extends SpanProcessor> extraProcessors) {
        return config.exporter() == ObservabilityConfig.Tracing.Exporter.NONE && extraProcessors.isEmpty();
    }

    /** A processor that needs nothing: it only keeps the SDK making trace and span IDs. */
    private static final class IdsOnly implements SpanProcessor {
        @Override
        public void onStart(io.opentelemetry.context.Context parent, io.opentelemetry.sdk.trace.ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {}

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }

    private static SpanExporter otlp(ObservabilityConfig.Tracing config) {
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder().setEndpoint(config.endpoint());
        config.headers().forEach(builder::addHeader);
        return builder.build();
    }
}
