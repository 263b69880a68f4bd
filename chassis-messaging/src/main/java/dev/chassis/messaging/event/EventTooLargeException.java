package dev.chassis.messaging.event;

/**
 * An event larger than {@code messaging.max-event-size}, refused when it was published: nothing
 * was written, to the outbox or to Kafka.
 */
public final class EventTooLargeException extends MessagingException {
    private static final long serialVersionUID = 1L;

    private final long size;
    private final long limit;

    /** Creates the exception for an event of this size on this topic. */
    public EventTooLargeException(String topic, String type, long size, long limit) {
        super("event " + type + " for topic '" + topic + "' is " + size
                + " bytes, larger than messaging.max-event-size, " + limit + " bytes");
        this.size = size;
        this.limit = limit;
    }

    /** The event's size in bytes: payload, key and headers. */
    public long size() {
        return size;
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }
}
