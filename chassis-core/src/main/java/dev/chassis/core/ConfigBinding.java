package dev.chassis.core;

import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigLayerProvider;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.config.LiveConfig;
import dev.chassis.core.internal.config.ConfigBinder;
import java.util.Collection;
import java.util.List;

/**
 * Binds a configuration's layers to sections, as a service's component does at start: for tests
 * of a module's configuration and for tools. Thread-safe.
 *
 * <pre>{@code
 * BoundConfig config = ConfigBinding.bind(
 *         Config.builder().yaml("test", "orders: {page-size: 50}").build(), List.of(OrdersConfig.SECTION));
 * OrdersConfig orders = config.get(OrdersConfig.SECTION);
 * }</pre>
 */
public final class ConfigBinding {
    private ConfigBinding() {}

    /**
     * Binds the sections.
     *
     * @throws ConfigException listing every problem, if any key is unknown, ill-typed or invalid,
     *     or if two sections claim the same name
     */
    public static BoundConfig bind(Config config, Collection<? extends ConfigSection<?>> sections) {
        return ConfigBinder.bind(config, sections);
    }

    /**
     * Binds the sections as they live: with the layers the providers load (Consul KV), which may
     * change while the service runs.
     *
     * @throws ConfigException listing every problem
     */
    public static LiveConfig live(
            Config config,
            Collection<? extends ConfigSection<?>> sections,
            Collection<? extends ConfigLayerProvider> providers) {
        List<ConfigSection<?>> declared = List.copyOf(sections);
        return LiveConfig.bind(config, providers, c -> bind(c, declared));
    }
}
