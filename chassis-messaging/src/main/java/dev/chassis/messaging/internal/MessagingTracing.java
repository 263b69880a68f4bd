package dev.chassis.messaging.internal;

import dev.chassis.messaging.event.MessageHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Spans and context of events, as OpenTelemetry's messaging conventions name them: a producer span
 * where an event is published (its context goes in {@code traceparent}), a consumer span per
 * handling whose parent is that context, so the consumer continues the producer's trace. The
 * correlation ID travels from the publisher's MDC to the handler's. Thread-safe.
 */
public final class MessagingTracing {
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public MessagingTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.chassis.messaging");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** A started producer span, child of the current context; ended by the caller. */
    Span producerSpan(String operation, String topic, String type) {
        Span span = tracer.spanBuilder(operation + " " + topic)
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(Context.current())
                .startSpan();
        if (span.isRecording()) {
            span.setAttribute(SYSTEM, "kafka");
            span.setAttribute(DESTINATION, topic);
            span.setAttribute(OPERATION_TYPE, operation.equals("send") ? "send" : "create");
            span.setAttribute(EVENT_TYPE, type);
        }
        return span;
    }

    /** The headers that carry this span's context and the MDC's correlation ID. */
    Map<String, String> contextHeaders(Span span) {
        Map<String, String> headers = new LinkedHashMap<>();
        String correlationId = MDC.get(MessageHeaders.CORRELATION_MDC_KEY);
        if (correlationId != null) {
            headers.put(MessageHeaders.CORRELATION_ID, correlationId);
        }
        propagator.inject(Context.current().with(span), headers, (carrier, name, value) -> {
            if (carrier != null) {
                carrier.put(name, value);
            }
        });
        return headers;
    }

    /** A started consumer span whose parent is the context in the headers. */
    Span consumerSpan(
            Map<String, String> headers, String topic, String group, int partition, long offset, @Nullable String key) {
        Context parent = propagator.extract(Context.root(), headers, GETTER);
        Span span = tracer.spanBuilder("process " + topic)
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(parent)
                .startSpan();
        if (span.isRecording()) {
            span.setAttribute(SYSTEM, "kafka");
            span.setAttribute(DESTINATION, topic);
            span.setAttribute(OPERATION_TYPE, "process");
            span.setAttribute(GROUP, group);
            span.setAttribute(PARTITION, Integer.toString(partition));
            span.setAttribute(OFFSET, offset);
            String id = headers.get(MessageHeaders.ID);
            if (id != null) {
                span.setAttribute(MESSAGE_ID, id);
            }
            String type = headers.get(MessageHeaders.TYPE);
            if (type != null) {
                span.setAttribute(EVENT_TYPE, type);
            }
            if (key != null) {
                span.setAttribute(KEY, key);
            }
        }
        return span;
    }

    static void fail(Span span, Throwable failure) {
        if (span.isRecording()) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getName());
            span.recordException(failure);
        }
    }
}
