package dev.chassis.observability.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each finished span as one event of the service's own logs (logger {@code tracing}), with
 * its trace, span and parent IDs, so a trace can be followed with nothing but the logs.
 */
final class LoggingSpanExporter implements SpanExporter {
    private static final Logger log = LoggerFactory.getLogger("tracing");

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        for (SpanData span : spans) {
            long micros = TimeUnit.NANOSECONDS.toMicros(span.getEndEpochNanos() - span.getStartEpochNanos());
            log.info(
                    "span {} {} {}us traceId={} spanId={} parentSpanId={} status={} attributes={}",
                    span.getKind(),
                    span.getName(),
                    micros,
                    span.getTraceId(),
                    span.getSpanId(),
                    span.getParentSpanId(),
                    span.getStatus().getStatusCode(),
                    span.getAttributes());
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
