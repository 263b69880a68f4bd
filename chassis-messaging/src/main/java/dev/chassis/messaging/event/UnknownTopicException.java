package dev.chassis.messaging.event;

/** A topic that does not exist on the cluster, while {@code messaging.topics.create} is false. */
public final class UnknownTopicException extends MessagingException {
    private static final long serialVersionUID = 1L;

    private final String topic;

    /** Creates the exception for this topic. */
    public UnknownTopicException(String topic) {
        super("topic '" + topic + "' does not exist (messaging.topics.create is false: create the topic, or set it to"
                + " true to have it created)");
        this.topic = topic;
    }

    /** The topic. */
    public String topic() {
        return topic;
    }
}
