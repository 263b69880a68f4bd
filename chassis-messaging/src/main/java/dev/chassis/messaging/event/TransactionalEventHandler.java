package dev.chassis.messaging.event;

import java.sql.Connection;

/**
 * Handles events of one type with exactly one effect: the handler runs in a transaction on the
 * outbox's data source that also records the event's ID in the inbox table for its consumer
 * group. A redelivered event finds its ID there and is skipped; a handler that throws rolls the
 * transaction back, the inbox row with it, and is tried again.
 *
 * <pre>{@code
 * group.handleOnce("transfers", TransferCompleted.class, (connection, event) -> statements.record(connection, event));
 * }</pre>
 *
 * <p>Events the handler publishes through the {@link Outbox} on the same connection are part of
 * the same transaction.
 *
 * @param <T> the payload's type
 */
@FunctionalInterface
public interface TransactionalEventHandler<T> {
    /**
     * Handles one event inside the transaction.
     *
     * @throws EventRejectedException to send the event to the dead-letter topic at once
     * @throws Exception to roll back and have it tried again
     */
    void handle(Connection connection, Event<T> event) throws Exception;
}
