package dev.chassis.core.config;

import java.util.Optional;

/**
 * A configuration layer read at start-up from somewhere other than files, such as a Consul KV
 * prefix; contributed with {@code @Provides @IntoSet ConfigLayerProvider}. Its layer sits between
 * the file layers and the environment: environment variables and system properties still win.
 * It may keep watching and push changes through {@link LiveConfig#replace}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ConfigLayerProvider {
    /**
     * Reads the layer.
     *
     * @param bootstrap the configuration bound without any provider's layer, where the provider
     *     finds its own settings (the Consul address, the KV prefix)
     * @return the layer, or empty to add none (the feature is off, say)
     * @throws ConfigException to fail start-up, naming what could not be read
     */
    Optional<ConfigSource> load(BoundConfig bootstrap);
}
