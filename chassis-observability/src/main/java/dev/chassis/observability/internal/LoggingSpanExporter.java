package dev.chassis.observability.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.argument.StructuredArgument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each finished span as one event of the service's own logs (logger {@code tracing}) with
 * fields {@code span.name}, {@code span.kind}, {@code span.traceId}, {@code span.spanId},
 * {@code span.parentSpanId}, {@code span.status}, {@code span.durationUs} and
 * {@code span.attributes}: a trace can be followed, and asserted in tests, with nothing but logs.
 */
final class LoggingSpanExporter implements SpanExporter {
    private static final Logger log = LoggerFactory.getLogger("tracing");

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        for (SpanData span : spans) {
            log.info("{}", new SpanEvent(span));
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

    /** A span's fields, written straight into the JSON encoder's generator. */
    private record SpanEvent(SpanData span) implements StructuredArgument {
        @Override
        public void writeTo(JsonGenerator g) throws IOException {
            g.writeStringField("span.name", span.getName());
            g.writeStringField("span.kind", span.getKind().name());
            g.writeStringField("span.traceId", span.getTraceId());
            g.writeStringField("span.spanId", span.getSpanId());
            g.writeStringField("span.parentSpanId", span.getParentSpanId());
            g.writeStringField("span.status", span.getStatus().getStatusCode().name());
            g.writeNumberField(
                    "span.durationUs",
                    TimeUnit.NANOSECONDS.toMicros(span.getEndEpochNanos() - span.getStartEpochNanos()));
            g.writeObjectFieldStart("span.attributes");
            for (Map.Entry<AttributeKey<?>, Object> e :
                    span.getAttributes().asMap().entrySet()) {
                g.writeStringField(e.getKey().getKey(), String.valueOf(e.getValue()));
            }
            g.writeEndObject();
        }

        @Override
        public String toString() {
            return "span " + span.getKind() + " " + span.getName() + " traceId=" + span.getTraceId() + " spanId="
                    + span.getSpanId() + " parentSpanId=" + span.getParentSpanId();
        }
    }
}
