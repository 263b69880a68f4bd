package dev.chassis.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One captured log event, parsed from the JSON line the service wrote. The named accessors read
 * each of the chassis' formats ({@code observability.logging.fields}): {@link #logger()} is
 * {@code logger}, {@code logger_name} or {@code log.logger}, whichever the line has.
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

    /** {@code logger} ({@code logger_name}, {@code log.logger}). */
    public String logger() {
        return first("logger", "logger_name", "log.logger");
    }

    /** {@code thread} ({@code thread_name}, {@code process.thread.name}). */
    public String thread() {
        return first("thread", "thread_name", "process.thread.name");
    }

    /** {@code level} ({@code log.level}). */
    public String level() {
        return first("level", "log.level");
    }

    /** {@code correlationId} ({@code http.request.id}). */
    public String correlationId() {
        return first("correlationId", "http.request.id");
    }

    /** {@code traceId} ({@code trace.id}). */
    public String traceId() {
        return first("traceId", "trace.id");
    }

    private String first(String... names) {
        for (String name : names) {
            if (json.has(name)) {
                return field(name);
            }
        }
        return "";
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
