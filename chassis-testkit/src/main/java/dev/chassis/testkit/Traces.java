package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The spans the service finished, read from its logs.
 *
 * <pre>{@code
 * Span server = app.traces().await(s -> s.name().equals("GET /orders/{id}"));
 * Span client = app.traces().await(s -> s.kind().equals("CLIENT"));
 * app.traces().assertChild(client, server);
 * }</pre>
 */
public final class Traces {
    private final Logs logs;

    Traces(Logs logs) {
        this.logs = logs;
    }

    /** Every span finished so far. */
    public List<Span> spans() {
        return logs.events(e -> e.logger().equals("tracing") && e.has("span.spanId")).stream()
                .map(Traces::span)
                .toList();
    }

    /** Waits up to five seconds for a matching span and returns the first. */
    public Span await(Predicate<Span> match) {
        logs.await(e -> e.logger().equals("tracing") && e.has("span.spanId") && match.test(span(e)));
        return spans().stream().filter(match).findFirst().orElseThrow();
    }

    /** Asserts that one span is the other's child. */
    public void assertChild(Span child, Span parent) {
        assertThat(child.isChildOf(parent))
                .as("%s is a child of %s", child, parent)
                .isTrue();
    }

    private static Span span(LogEvent e) {
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode a = e.json().path("span.attributes");
        a.fields().forEachRemaining(f -> attributes.put(f.getKey(), f.getValue().asText()));
        return new Span(
                e.field("span.name"),
                e.field("span.kind"),
                e.field("span.traceId"),
                e.field("span.spanId"),
                e.field("span.parentSpanId"),
                e.field("span.status"),
                attributes);
    }
}
