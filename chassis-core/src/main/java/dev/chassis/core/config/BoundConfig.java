package dev.chassis.core.config;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.internal.config.ConfigBinder;
import java.util.Collection;
import java.util.Optional;

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
    private final ConfigBinder.Result result;

    private BoundConfig(Config config, ConfigBinder.Result result) {
        this.config = config;
        this.result = result;
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
        return new BoundConfig(config, result);
    }

    /**
     * The bound value of a section.
     *
     * @throws IllegalArgumentException if the section was not declared when binding
     */
    public <T> T get(ConfigSection<T> section) {
        requireNonNull(section, "section");
        Object value = result.values().get(section.name());
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
     * The source that set a key, named as configuration problems name it ({@code classpath:application.yaml},
     * {@code environment variable CHASSIS_SERVER_PORT}); empty when no layer set it and the
     * section's default applies. For a key with keys under it (a section, a map), the sources of
     * the values set under it, comma-separated. Lets a module rank a setting of its own below
     * every configured key, as OpenTelemetry's environment variables are.
     *
     * <pre>{@code
     * boolean configured = config.sourceOf("observability.tracing.exporter").isPresent();
     * }</pre>
     */
    public Optional<String> sourceOf(String key) {
        requireNonNull(key, "key");
        return result.sourceOf(key);
    }

    /**
     * The effective configuration as YAML, with the values of secret keys (names containing
     * {@code password}, {@code secret}, {@code token} or {@code credential}) masked.
     */
    public String describe() {
        return result.description();
    }

    /**
     * Every effective key with its value and the source that set it, one per line, sorted, secrets
     * masked: what {@code --print-config} prints.
     *
     * <pre>{@code
     * server.port = 9090  (environment variable CHASSIS_SERVER_PORT)
     * server.request-timeout = 30s  (default)
     * }</pre>
     */
    public String listing() {
        return result.listing();
    }

    @Override
    public String toString() {
        return "BoundConfig" + result.values().keySet();
    }
}
