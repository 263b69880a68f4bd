package dev.chassis.messaging.internal;

import dev.chassis.data.DataAccessException;
import dev.chassis.messaging.event.EventType;
import dev.chassis.messaging.event.Outbox;
import io.opentelemetry.api.trace.Span;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The outbox: events as rows on the caller's transaction. Thread-safe. */
public final class DefaultOutbox implements Outbox {
    private final EventCodec codec;
    private final MessagingTracing tracing;

    public DefaultOutbox(EventCodec codec, MessagingTracing tracing) {
        this.codec = codec;
        this.tracing = tracing;
    }

    @Override
    public String publish(Connection connection, String topic, @Nullable String key, Object payload) {
        @SuppressWarnings("unchecked")
        EventType<Object> type = (EventType<Object>) EventType.of(payload.getClass());
        return publish(connection, topic, key, type, payload);
    }

    @Override
    public <T> String publish(Connection connection, String topic, @Nullable String key, EventType<T> type, T payload) {
        java.util.Objects.requireNonNull(connection, "connection");
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(payload, "payload");
        TopicNames.check(topic);
        Span span = tracing.producerSpan("publish", topic, type.name());
        try {
            Map<String, String> context = tracing.contextHeaders(span);
            OutgoingEvent event = codec.encode(topic, key, type, payload, context);
            if (span.isRecording()) {
                span.setAttribute(MessagingTracing.MESSAGE_ID, event.id());
            }
            OutboxStore.insert(connection, event, codec.headersToJson(event.headers()));
            return event.id();
        } catch (SQLException e) {
            MessagingTracing.fail(span, e);
            throw new DataAccessException("cannot write the event to the outbox: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            MessagingTracing.fail(span, e);
            throw e;
        } finally {
            span.end();
        }
    }
}
