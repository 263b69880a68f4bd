package dev.chassis.testkit;

import java.util.Map;

/**
 * A finished span, as the service logged it (tracing exporter {@code logging}, which the
 * extension switches on).
 *
 * @param name the span's name, {@code GET /hello/{name}}
 * @param kind {@code SERVER}, {@code CLIENT}, {@code INTERNAL}...
 * @param traceId the trace ID
 * @param spanId the span ID
 * @param parentSpanId the parent's span ID, {@code 0000000000000000} for a root span
 * @param status {@code UNSET}, {@code OK} or {@code ERROR}
 * @param attributes the attributes, values as text
 */
public record Span(
        String name,
        String kind,
        String traceId,
        String spanId,
        String parentSpanId,
        String status,
        Map<String, String> attributes) {

    /** Whether this span's parent is the other span. */
    public boolean isChildOf(Span parent) {
        return traceId.equals(parent.traceId) && parentSpanId.equals(parent.spanId);
    }
}
