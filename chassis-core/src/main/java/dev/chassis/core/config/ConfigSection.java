package dev.chassis.core.config;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A typed part of the configuration under one key, such as {@code server}. Each module
 * contributes its sections to the Dagger set that {@link BoundConfig} binds:
 *
 * <pre>{@code
 * @Provides @IntoSet
 * static ConfigSection<?> ordersSection() {
 *     return OrdersConfig.SECTION; // ConfigSection.of("orders", OrdersConfig.class, OrdersConfig.defaults())
 * }
 * }</pre>
 *
 * <p>The type is bound with Jackson: a {@code record} whose components are named like the keys in
 * camel case ({@code maxContentLength} for {@code max-content-length}), validated in its compact
 * constructor. The defaults are written out as the lowest layer, so every key has a value.
 * Instances are immutable and thread-safe.
 *
 * @param <T> the bound type
 */
public final class ConfigSection<T> {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

    private final String name;
    private final Class<T> type;
    private final T defaults;

    private ConfigSection(String name, Class<T> type, T defaults) {
        this.name = name;
        this.type = type;
        this.defaults = defaults;
    }

    /**
     * Declares a section.
     *
     * @param name the key the section lives under; lower case, dash-separated, dots for nesting
     * @throws IllegalArgumentException if the name is not of that form
     */
    public static <T> ConfigSection<T> of(String name, Class<T> type, T defaults) {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(defaults, "defaults");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: lower-case words with - and .)");
        }
        return new ConfigSection<>(name, type, defaults);
    }

    /** The key the section lives under. */
    public String name() {
        return name;
    }

    /** The bound type. */
    public Class<T> type() {
        return type;
    }

    /** The values used for keys no layer sets. */
    public T defaults() {
        return defaults;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigSection<?> other && name.equals(other.name) && type.equals(other.type);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + type.hashCode();
    }

    @Override
    public String toString() {
        return "ConfigSection[" + name + " -> " + type.getName() + "]";
    }
}
