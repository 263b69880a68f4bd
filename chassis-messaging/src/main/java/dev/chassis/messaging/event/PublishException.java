package dev.chassis.messaging.event;

/** An event that Kafka did not acknowledge: it may or may not have been written. */
public final class PublishException extends MessagingException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final String eventId;

    /** Creates the exception for an event of this ID on this topic. */
    public PublishException(String topic, String eventId, String message, Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.eventId = eventId;
    }

    /** The topic. */
    public String topic() {
        return topic;
    }

    /** The event's ID: publishing it again under a new ID makes a second event. */
    public String eventId() {
        return eventId;
    }
}
