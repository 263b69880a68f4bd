package dev.chassis.messaging.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.messaging.event.EventTooLargeException;
import dev.chassis.messaging.event.EventType;
import dev.chassis.messaging.event.MessageHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns payloads into events (JSON through the service's mapper, CloudEvents headers, the caller's
 * context) and refuses those over {@code messaging.max-event-size}. Thread-safe.
 */
public final class EventCodec {
    /** Bytes a record adds beyond its key, value and headers, at most: Kafka's record and batch framing. */
    static final int FRAMING = 128;

    private final ObjectMapper mapper;
    private final String source;
    private final long maxEventSize;

    public EventCodec(ObjectMapper mapper, String serviceName, long maxEventSize) {
        this.mapper = mapper;
        this.source = "/" + serviceName;
        this.maxEventSize = maxEventSize;
    }

    /**
     * The event, with a new ID.
     *
     * @throws EventTooLargeException if it is larger than the limit
     * @throws IllegalArgumentException if the payload cannot be written as JSON, or the topic is not a topic name
     */
    <T> OutgoingEvent encode(
            String topic, @Nullable String key, EventType<T> type, Object payload, Map<String, String> context) {
        TopicNames.check(topic);
        if (!type.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException(
                    "payload: a " + payload.getClass().getName() + " (expected: a "
                            + type.payloadType().getName() + " for event type " + type.name() + ")");
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "payload: " + type.name() + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        String id = UUID.randomUUID().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(MessageHeaders.SPEC_VERSION, "1.0");
        headers.put(MessageHeaders.ID, id);
        headers.put(MessageHeaders.TYPE, type.name());
        headers.put(MessageHeaders.SCHEMA_VERSION, Integer.toString(type.version()));
        headers.put(MessageHeaders.SOURCE, source);
        headers.put(MessageHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(Instant.now()));
        headers.put(MessageHeaders.CONTENT_TYPE, "application/json");
        headers.putAll(context);
        long size = json.length + FRAMING + (key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            size += h.getKey().length() + h.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > maxEventSize) {
            throw new EventTooLargeException(topic, type.name(), size, maxEventSize);
        }
        return new OutgoingEvent(id, topic, key, type.name(), json, headers);
    }

    /** Headers as the outbox stores them: a JSON object of text values. */
    String headersToJson(Map<String, String> headers) {
        try {
            return mapper.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers cannot be written as JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, String> headersFromJson(String json) {
        try {
            return mapper.readValue(json, LinkedHashMap.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored headers are not a JSON object: " + e.getMessage(), e);
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }

    long maxEventSize() {
        return maxEventSize;
    }
}
