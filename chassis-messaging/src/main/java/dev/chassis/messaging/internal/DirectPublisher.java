package dev.chassis.messaging.internal;

import dev.chassis.core.context.ContextPropagation;
import dev.chassis.core.context.ContextPropagator;
import dev.chassis.messaging.event.EventType;
import dev.chassis.messaging.event.MessagingException;
import dev.chassis.messaging.event.PublishException;
import dev.chassis.messaging.event.Published;
import dev.chassis.messaging.event.Publisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jspecify.annotations.Nullable;

/**
 * Sends events straight to Kafka with an idempotent producer shared by the service; each call's
 * future ends with the acknowledgement or the failure, completed in the publishing thread's
 * context. Thread-safe.
 */
public final class DirectPublisher implements Publisher, AutoCloseable {
    private final KafkaClients clients;
    private final Topics topics;
    private final EventCodec codec;
    private final MessagingTracing tracing;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile @Nullable KafkaProducer<byte[], byte[]> producer;
    private volatile boolean closed;

    public DirectPublisher(
            KafkaClients clients, Topics topics, EventCodec codec, MessagingTracing tracing, MeterRegistry registry) {
        this.clients = clients;
        this.topics = topics;
        this.codec = codec;
        this.tracing = tracing;
        this.registry = registry;
    }

    @Override
    public CompletableFuture<Published> publish(String topic, @Nullable String key, Object payload) {
        Objects.requireNonNull(payload, "payload");
        @SuppressWarnings("unchecked")
        EventType<Object> type = (EventType<Object>) EventType.of(payload.getClass());
        return publish(topic, key, type, payload);
    }

    @Override
    public <T> CompletableFuture<Published> publish(String topic, @Nullable String key, EventType<T> type, T payload) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        TopicNames.check(topic);
        Span span = tracing.producerSpan("send", topic, type.name());
        OutgoingEvent event;
        try {
            event = codec.encode(topic, key, type, payload, tracing.contextHeaders(span));
        } catch (RuntimeException e) {
            MessagingTracing.fail(span, e);
            span.end();
            throw e;
        }
        if (span.isRecording()) {
            span.setAttribute(MessagingTracing.MESSAGE_ID, event.id());
        }
        ContextPropagation.Snapshot context = ContextPropagation.capture();
        CompletableFuture<Published> result = new CompletableFuture<>();
        try {
            if (closed) {
                throw new MessagingException("the publisher is closed: the service is stopping");
            }
            topics.require(topic);
            producer().send(event.toRecord(), (metadata, e) -> {
                try (ContextPropagator.Scope ignored = context.attach()) {
                    if (e == null) {
                        count(topic, "acknowledged");
                        span.end();
                        result.complete(new Published(event.id(), topic, metadata.partition(), metadata.offset()));
                    } else {
                        fail(span, topic, result, failure(event, e));
                    }
                }
            });
        } catch (MessagingException e) {
            fail(span, topic, result, e);
        } catch (RuntimeException e) {
            fail(span, topic, result, failure(event, e));
        }
        return result;
    }

    private static PublishException failure(OutgoingEvent event, Throwable e) {
        return new PublishException(
                event.topic(),
                event.id(),
                "event " + event.type() + " " + event.id() + " for topic '" + event.topic() + "' was not acknowledged: "
                        + e.getMessage(),
                e);
    }

    private void fail(Span span, String topic, CompletableFuture<Published> result, Throwable e) {
        count(topic, "failed");
        MessagingTracing.fail(span, e);
        span.end();
        result.completeExceptionally(e);
    }

    private void count(String topic, String outcome) {
        counters.computeIfAbsent(
                        topic + "|" + outcome,
                        k -> Counter.builder("messaging.published")
                                .description("Events sent by the direct publisher, by outcome")
                                .tag("topic", topic)
                                .tag("outcome", outcome)
                                .register(registry))
                .increment();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                p = producer;
                if (p == null) {
                    p = clients.producer("publisher");
                    producer = p;
                }
            }
        }
        return p;
    }

    /** The shared producer, for the consumers' dead-letter records. */
    KafkaProducer<byte[], byte[]> sharedProducer() {
        return producer();
    }

    /** Waits up to the timeout for what was sent to be acknowledged; fails the rest. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    void close(Duration timeout) {
        closed = true;
        KafkaProducer<byte[], byte[]> p = producer;
        if (p != null) {
            p.close(timeout);
        }
    }
}
