package dev.chassis.core.http;

import static java.util.Objects.requireNonNull;

/**
 * A typed key for values that filters and listeners attach to a {@link Request}. Keys compare by
 * identity: keep each one in a constant.
 *
 * <pre>{@code
 * static final AttributeKey<User> USER = AttributeKey.of("user", User.class);
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class AttributeKey<T> {
    private final String name;
    private final Class<T> type;

    private AttributeKey(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    /** Creates a key; {@code name} is only for messages. */
    public static <T> AttributeKey<T> of(String name, Class<T> type) {
        return new AttributeKey<>(requireNonNull(name, "name"), requireNonNull(type, "type"));
    }

    /** The name given at creation. */
    public String name() {
        return name;
    }

    /** The type of the values. */
    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return "AttributeKey[" + name + "]";
    }
}
