package dev.chassis.messaging.event;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The name and schema version of an event, with the class its JSON payload binds to. The name
 * and version travel in the record headers {@value MessageHeaders#TYPE} and
 * {@value MessageHeaders#SCHEMA_VERSION}; a consumer reads the versions from 1 to its own and sends
 * a newer one to the dead-letter topic, with the reason.
 *
 * <pre>{@code
 * static final EventType<TransferCompleted> COMPLETED = EventType.of("TransferCompleted", 2, TransferCompleted.class);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <T> the payload's type
 */
public final class EventType<T> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,199}");

    private final String name;
    private final int version;
    private final Class<T> payloadType;

    private EventType(String name, int version, Class<T> payloadType) {
        this.name = name;
        this.version = version;
        this.payloadType = payloadType;
    }

    /**
     * The type named after the payload class's simple name, version 1.
     *
     * @throws IllegalArgumentException if the class has no usable simple name (anonymous, local)
     */
    public static <T> EventType<T> of(Class<T> payloadType) {
        requireNonNull(payloadType, "payloadType");
        return of(payloadType.getSimpleName(), 1, payloadType);
    }

    /**
     * A type of this name and version.
     *
     * @throws IllegalArgumentException if the name is not a letter followed by up to 199 letters,
     *     digits, dots, dashes or underscores, or the version is below 1
     */
    public static <T> EventType<T> of(String name, int version, Class<T> payloadType) {
        requireNonNull(name, "name");
        requireNonNull(payloadType, "payloadType");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name
                    + "' (expected: a letter, then letters, digits, '.', '_' or '-', at most 200 in all)");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version: " + version + " (expected: >= 1)");
        }
        return new EventType<>(name, version, payloadType);
    }

    /** The name, in header {@value MessageHeaders#TYPE}. */
    public String name() {
        return name;
    }

    /** The schema version: what a producer writes, and the newest a consumer reads. */
    public int version() {
        return version;
    }

    /** The class the payload binds to. */
    public Class<T> payloadType() {
        return payloadType;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventType<?> other
                && name.equals(other.name)
                && version == other.version
                && payloadType.equals(other.payloadType);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + version) * 31 + payloadType.hashCode();
    }

    @Override
    public String toString() {
        return name + " v" + version + " (" + payloadType.getName() + ")";
    }
}
