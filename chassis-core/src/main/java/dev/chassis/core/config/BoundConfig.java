package dev.chassis.core.config;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.internal.config.ConfigBinder;
import java.util.Collection;
import java.util.Map;

/**
 * Every declared {@link ConfigSection}, bound from the layers of a {@link Config}. Binding checks
 * all sections at once, so one {@link ConfigException} names every unknown or ill-typed key.
 *
 * <p>Modules read their section from it in a Dagger provider:
 * <pre>{@code
 * @Provides @Singleton
 * static OrdersConfig orders(BoundConfig config) {
 *     return config.get(OrdersConfig.SECTION);
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BoundConfig {
    private final Config config;
    private final Map<String, Object> values;
    private final String description;

    private BoundConfig(Config config, Map<String, Object> values, String description) {
        this.config = config;
        this.values = values;
        this.description = description;
    }

    /**
     * Binds the sections.
     *
     * @throws ConfigException listing every problem, if any key is unknown, ill-typed or invalid,
     *     or if two sections claim the same name
     */
    public static BoundConfig bind(Config config, Collection<? extends ConfigSection<?>> sections) {
        requireNonNull(config, "config");
        requireNonNull(sections, "sections");
        ConfigBinder.Result result = ConfigBinder.bind(config, sections);
        return new BoundConfig(config, result.values(), result.description());
    }

    /**
     * The bound value of a section.
     *
     * @throws IllegalArgumentException if the section was not declared when binding
     */
    public <T> T get(ConfigSection<T> section) {
        requireNonNull(section, "section");
        Object value = values.get(section.name());
        if (value == null || !section.type().isInstance(value)) {
            throw new IllegalArgumentException("section: '" + section.name()
                    + "' was not bound (expected: contribute it with @Provides @IntoSet ConfigSection<?>)");
        }
        return section.type().cast(value);
    }

    /** The layers the values came from. */
    public Config source() {
        return config;
    }

    /**
     * The effective configuration as YAML, with the values of secret keys (names containing
     * {@code password}, {@code secret}, {@code token} or {@code credential}) masked.
     */
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return "BoundConfig" + values.keySet();
    }
}
