package dev.chassis.messaging.event;

/**
 * An event Kafka acknowledged.
 *
 * @param eventId the event's ID
 * @param topic the topic
 * @param partition the partition it was written to
 * @param offset its offset there
 */
public record Published(String eventId, String topic, int partition, long offset) {}
