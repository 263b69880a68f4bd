package dev.chassis.messaging.event;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An event as a handler gets it: the payload bound to its class, and where it came from.
 *
 * @param id the event's ID, the same on every delivery of it (header {@value MessageHeaders#ID})
 * @param type its type's name
 * @param version its schema version
 * @param topic the topic it was read from
 * @param partition the partition
 * @param offset its offset in the partition
 * @param key the record's key; null when it had none
 * @param payload the payload
 * @param time when it was published
 * @param correlationId the correlation ID of the work that published it; null when it had none
 * @param headers every record header as text, the chassis' own included
 * @param <T> the payload's type
 */
public record Event<T>(
        String id,
        String type,
        int version,
        String topic,
        int partition,
        long offset,
        @Nullable String key,
        T payload,
        Instant time,
        @Nullable String correlationId,
        Map<String, String> headers) {
    /** Copies the headers. */
    public Event {
        headers = Map.copyOf(headers);
    }

    /** A header's value, as text. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }
}
