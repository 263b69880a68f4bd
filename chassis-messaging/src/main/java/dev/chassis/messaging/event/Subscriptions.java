package dev.chassis.messaging.event;

/**
 * Where {@link EventHandlers} register: handlers by consumer group, topic and event type. Each
 * group is one Kafka consumer group, reading its topics with per-partition order kept and up to
 * {@code messaging.consumer.concurrency} partitions handled at once, off the poll thread (on
 * virtual threads where the JVM has them). Records of a type no handler of the group takes are
 * skipped and counted. Not thread-safe; used during start-up only.
 */
public interface Subscriptions {
    /**
     * The group of this Kafka {@code group.id}.
     *
     * @throws IllegalArgumentException if the name is blank or longer than 249 characters
     */
    Group group(String name);

    /** The handlers of one consumer group. */
    interface Group {
        /**
         * Handles events of a type named after the class, version 1, at least once.
         *
         * @throws IllegalArgumentException if the group already has a handler for this topic and type
         */
        <T> Group handle(String topic, Class<T> type, EventHandler<T> handler);

        /**
         * Handles events of this type, at least once.
         *
         * @throws IllegalArgumentException if the group already has a handler for this topic and type
         */
        <T> Group handle(String topic, EventType<T> type, EventHandler<T> handler);

        /**
         * Handles events of a type named after the class, version 1, exactly once in effect, through the inbox.
         *
         * @throws IllegalArgumentException if the group already has a handler for this topic and type
         */
        <T> Group handleOnce(String topic, Class<T> type, TransactionalEventHandler<T> handler);

        /**
         * Handles events of this type exactly once in effect, through the inbox.
         *
         * @throws IllegalArgumentException if the group already has a handler for this topic and type
         */
        <T> Group handleOnce(String topic, EventType<T> type, TransactionalEventHandler<T> handler);
    }
}
