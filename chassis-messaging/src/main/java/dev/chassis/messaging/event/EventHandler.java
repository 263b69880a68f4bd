package dev.chassis.messaging.event;

/**
 * Handles events of one type, at least once: a handler that fails is tried again; after a
 * redelivery (a crash, a rebalance) it may see an event it handled before. For exactly one effect
 * use a {@link TransactionalEventHandler}.
 *
 * @param <T> the payload's type
 */
@FunctionalInterface
public interface EventHandler<T> {
    /**
     * Handles one event.
     *
     * @throws EventRejectedException to send the event to the dead-letter topic at once
     * @throws Exception to have it tried again, with backoff, up to {@code messaging.consumer.max-attempts}
     */
    void handle(Event<T> event) throws Exception;
}
