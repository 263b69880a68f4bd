package dev.chassis.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One captured log event, parsed from the JSON line the service wrote.
 *
 * @param json the event as written
 */
public record LogEvent(JsonNode json) {
    /** A field as text; empty when absent. */
    public String field(String name) {
        JsonNode v = json.get(name);
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    }

    /** Whether the field is present. */
    public boolean has(String name) {
        return json.has(name);
    }

    /** {@code message}. */
    public String message() {
        return field("message");
    }

    /** {@code logger}. */
    public String logger() {
        return field("logger");
    }

    /** {@code level}. */
    public String level() {
        return field("level");
    }

    /** {@code correlationId}. */
    public String correlationId() {
        return field("correlationId");
    }

    /** {@code traceId}. */
    public String traceId() {
        return field("traceId");
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
