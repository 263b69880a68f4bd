package dev.chassis.core.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration as it is now. A watched layer (Consul KV) can change while the service runs:
 * the change is bound and validated as a whole before it is applied; an invalid change is refused
 * and the running configuration stays. Components that can follow changes register a listener:
 * log levels, client timeouts and circuit-breaker thresholds do; everything else is read once at
 * start and needs a restart (their module guides say so).
 *
 * <pre>{@code
 * live.onChange((now, before) -> applyLevels(now.get(ObservabilityConfig.SECTION).logging()));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LiveConfig {
    private static final Logger log = LoggerFactory.getLogger(LiveConfig.class);

    /** Called after a change was applied. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Reacts to a change; runs on the thread that applied it and must not block for long.
         *
         * @param now the new configuration
         * @param before the one it replaces
         */
        void changed(BoundConfig now, BoundConfig before);
    }

    /**
     * What {@link #replace} did.
     *
     * @param applied whether the change was applied
     * @param problems why it was refused, when it was
     */
    public record Outcome(boolean applied, @Nullable ConfigException problems) {}

    private final Config base;
    private final Function<Config, BoundConfig> binder;
    private final List<ConfigSource> layers;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile BoundConfig current;

    private LiveConfig(
            Config base, Function<Config, BoundConfig> binder, List<ConfigSource> layers, BoundConfig current) {
        this.base = base;
        this.binder = binder;
        this.layers = new ArrayList<>(layers);
        this.current = current;
    }

    /**
     * Binds the configuration with the binder: first without the providers' layers, so they can
     * read their own settings, then with every layer they give. The service's component does
     * this; a test can with {@code ConfigBinding.live(config, sections, providers)}.
     *
     * @param binder binds a configuration's layers to the declared sections
     * @throws ConfigException listing every problem
     */
    public static LiveConfig bind(
            Config config, Collection<? extends ConfigLayerProvider> providers, Function<Config, BoundConfig> binder) {
        requireNonNull(config, "config");
        requireNonNull(binder, "binder");
        BoundConfig bootstrap = binder.apply(config);
        List<ConfigSource> layers = new ArrayList<>();
        for (ConfigLayerProvider provider : providers) {
            provider.load(bootstrap).ifPresent(layers::add);
        }
        BoundConfig bound = layers.isEmpty() ? bootstrap : binder.apply(config.withRemote(layers));
        return new LiveConfig(config, binder, layers, bound);
    }

    /** The configuration now. */
    public BoundConfig current() {
        return current;
    }

    /** A section as it is now. */
    public <T> T get(ConfigSection<T> section) {
        return current.get(section);
    }

    /** Registers a listener for applied changes. */
    public void onChange(Listener listener) {
        listeners.add(requireNonNull(listener, "listener"));
    }

    /**
     * Replaces the provider layer of the same name (or adds it) and applies the result when it
     * binds; otherwise keeps the running configuration and reports why.
     */
    public synchronized Outcome replace(ConfigSource layer) {
        requireNonNull(layer, "layer");
        List<ConfigSource> next = new ArrayList<>(layers);
        next.removeIf(l -> l.name().equals(layer.name()));
        next.add(layer);
        BoundConfig candidate;
        try {
            candidate = binder.apply(base.withRemote(next));
        } catch (ConfigException e) {
            log.warn(
                    "configuration change from {} refused; the running configuration stays: {}",
                    layer.name(),
                    e.getMessage());
            return new Outcome(false, e);
        }
        BoundConfig before = current;
        layers.clear();
        layers.addAll(next);
        current = candidate;
        log.info("configuration change from {} applied", layer.name());
        for (Listener listener : listeners) {
            try {
                listener.changed(candidate, before);
            } catch (RuntimeException e) {
                log.warn("a configuration listener failed on the change from {}", layer.name(), e);
            }
        }
        return new Outcome(true, null);
    }
}
