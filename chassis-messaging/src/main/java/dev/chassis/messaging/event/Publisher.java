package dev.chassis.messaging.event;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Sends events that belong to no database transaction straight to Kafka, with an idempotent
 * producer. Every call ends visibly: the future completes with where the event was written once
 * Kafka acknowledged it, or exceptionally with a {@link PublishException} (not acknowledged, after
 * the producer's retries), an {@link UnknownTopicException}, or a {@link MessagingException} when
 * the cluster cannot be reached.
 *
 * <pre>{@code
 * publisher.publish("audit", user.id(), new LoggedIn(user.id(), now))
 *         .whenComplete((published, failure) -> { if (failure != null) log.warn("not published", failure); });
 * Published p = publisher.publish("audit", null, event).join(); // or wait
 * }</pre>
 *
 * <p>Stages attached to the future run with the publishing thread's context (MDC, trace). Thread-safe.
 */
public interface Publisher {
    /**
     * Sends an event whose type is named after the payload's class, version 1.
     *
     * @throws EventTooLargeException at once if the event is larger than {@code messaging.max-event-size}
     * @throws IllegalArgumentException at once if the topic's name is not one Kafka accepts
     */
    CompletableFuture<Published> publish(String topic, @Nullable String key, Object payload);

    /**
     * Sends an event of this type.
     *
     * @throws EventTooLargeException at once if the event is larger than {@code messaging.max-event-size}
     * @throws IllegalArgumentException at once if the topic's name is not one Kafka accepts
     */
    <T> CompletableFuture<Published> publish(String topic, @Nullable String key, EventType<T> type, T payload);
}
