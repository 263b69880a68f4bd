package dev.chassis.core.config;

import java.util.Optional;

/**
 * Every declared {@link ConfigSection}, bound from the layers of a {@link Config}. Binding checks
 * all sections at once, so one {@link ConfigException} names every unknown or ill-typed key. The
 * service's component binds it; a test binds one with {@code ConfigBinding.bind(config, sections)}.
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
public interface BoundConfig {
    /**
     * The bound value of a section.
     *
     * @throws IllegalArgumentException if the section was not declared when binding
     */
    <T> T get(ConfigSection<T> section);

    /** The layers the values came from. */
    Config source();

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
    Optional<String> sourceOf(String key);

    /**
     * The effective configuration as YAML, with the values of secret keys (names containing
     * {@code password}, {@code secret}, {@code token} or {@code credential}) masked.
     */
    String describe();

    /**
     * Every effective key with its value and the source that set it, one per line, sorted, secrets
     * masked: what {@code --print-config} prints.
     *
     * <pre>{@code
     * server.port = 9090  (environment variable CHASSIS_SERVER_PORT)
     * server.request-timeout = 30s  (default)
     * }</pre>
     */
    String listing();

    /**
     * Every effective key with its value written as text, sorted by key: what {@link #listing()}
     * lists, without sources, and with secrets unmasked (never log it). Lets a reader tell which
     * keys two configurations set differently.
     */
    java.util.SortedMap<String, String> values();
}
