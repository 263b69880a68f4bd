package dev.chassis.core.http;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

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
    /**
     * The class of a value last found to be a {@code T}. Values of one key are nearly always of
     * one class, and an interface type costs a search of the class' supertypes to check. Read and
     * written without synchronisation: a stale or missing class only means a full check.
     */
    private @Nullable Class<?> accepted;

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

    /** Whether {@code value} is a {@code T}. */
    public boolean accepts(Object value) {
        Class<?> valueClass = value.getClass();
        if (valueClass == accepted) {
            return true;
        }
        if (!type.isInstance(value)) {
            return false;
        }
        accepted = valueClass;
        return true;
    }

    @Override
    public String toString() {
        return "AttributeKey[" + name + "]";
    }
}
