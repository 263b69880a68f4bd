package dev.chassis.messaging.event;

import java.sql.Connection;
import org.jspecify.annotations.Nullable;

/**
 * Publishes events in the same database transaction as the state change they announce: the event
 * is a row of the outbox table, written on the transaction's connection, so it exists exactly when
 * the transaction commits. The relay then sends it to Kafka, in order per key, at least once.
 *
 * <pre>{@code
 * tx.inTransaction(connection -> {
 *     updateTransfer(connection, transfer);
 *     outbox.publish(connection, "transfers", transfer.id(), new TransferCompleted(transfer.id(), ...));
 *     return null;
 * });
 * }</pre>
 *
 * <p>The connection must belong to the data source named by {@code messaging.outbox.source}
 * ({@code main} by default), whose migrations the module runs. The event carries the correlation ID
 * and trace context current on the calling thread. Thread-safe.
 */
public interface Outbox {
    /**
     * Writes an event whose type is named after the payload's class, version 1.
     *
     * @param key the record key: events of one key keep their order; null spreads them
     * @return the event's ID
     * @throws EventTooLargeException if the event is larger than {@code messaging.max-event-size}
     * @throws IllegalArgumentException if the topic's name is not one Kafka accepts
     * @throws dev.chassis.data.DataAccessException if the row cannot be written; the transaction
     *     should roll back
     */
    String publish(Connection connection, String topic, @Nullable String key, Object payload);

    /**
     * Writes an event of this type.
     *
     * @return the event's ID
     * @throws EventTooLargeException if the event is larger than {@code messaging.max-event-size}
     * @throws IllegalArgumentException if the topic's name is not one Kafka accepts
     * @throws dev.chassis.data.DataAccessException if the row cannot be written
     */
    <T> String publish(Connection connection, String topic, @Nullable String key, EventType<T> type, T payload);
}
