package dev.chassis.core.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration as it is now. A watched layer (Consul KV) can change while the service runs:
 * the change is bound and validated as a whole before it is applied; an invalid change is refused
 * and the running configuration stays. Components that can follow changes register a listener
 * with the keys it follows, or declare keys they read afresh on every use with {@link #follows}:
 * log levels, client URLs and timeouts and the resilience policies do; everything else is read
 * once at start.
 *
 * <pre>{@code
 * live.onChange(List.of("observability.logging.levels"),
 *         (now, before) -> applyLevels(now.get(ObservabilityConfig.SECTION).logging()));
 * }</pre>
 *
 * <p>A change is applied all or nothing: when a listener throws, every listener that already took
 * it (the failing one too) is called again with the previous configuration, the previous
 * configuration stays, and the outcome is refused with the listener's reason. A changed key that
 * no listener follows takes effect only at the next start: it is logged at WARN, listed in
 * {@link Outcome#restartRequired}, kept in {@link #pendingRestart()} and marked in
 * {@link #listing()}.
 *
 * <p>Thread-safe.
 */
public final class LiveConfig {
    private static final Logger log = LoggerFactory.getLogger(LiveConfig.class);

    /** Called after a change was applied. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Reacts to a change; runs on the thread that applied it and must not block for long. A
         * listener that throws refuses the change: it is called again with the arguments swapped,
         * to undo what it did, as every listener before it is.
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
     * @param restartRequired the changed keys that take effect only at the next start, sorted
     */
    public record Outcome(boolean applied, @Nullable ConfigException problems, List<String> restartRequired) {
        /** Copies the keys. */
        public Outcome {
            restartRequired = List.copyOf(restartRequired);
        }

        /** An outcome without keys that need a restart. */
        public Outcome(boolean applied, @Nullable ConfigException problems) {
            this(applied, problems, List.of());
        }
    }

    private record Registration(List<String> keys, Listener listener) {}

    private final Config base;
    private final Function<Config, BoundConfig> binder;
    private final List<ConfigSource> layers;
    private final List<Registration> listeners = new CopyOnWriteArrayList<>();
    private final List<String> followed = new CopyOnWriteArrayList<>();
    private final BoundConfig started;
    private volatile BoundConfig current;
    private volatile SortedMap<String, String> pending = new TreeMap<>();

    private LiveConfig(
            Config base, Function<Config, BoundConfig> binder, List<ConfigSource> layers, BoundConfig current) {
        this.base = base;
        this.binder = binder;
        this.layers = new ArrayList<>(layers);
        this.started = current;
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

    /**
     * Registers a listener for applied changes that follows no key of its own: the keys it reacts
     * to must be declared with {@link #follows}, or they are reported as needing a restart. Prefer
     * {@link #onChange(Collection, Listener)}.
     */
    public void onChange(Listener listener) {
        listeners.add(new Registration(List.of(), requireNonNull(listener, "listener")));
    }

    /**
     * Registers a listener for applied changes, which makes the keys it follows take effect while
     * running.
     *
     * @param keys keys the listener applies, each with every key under it; {@code *} stands for
     *     one dotted part: {@code clients.*.response-timeout}
     */
    public void onChange(Collection<String> keys, Listener listener) {
        requireNonNull(listener, "listener");
        follows(keys);
        listeners.add(new Registration(List.copyOf(keys), listener));
    }

    /**
     * Declares keys that take effect while running without a listener, because their readers read
     * them from {@link #get} on every use.
     *
     * @param keys as for {@link #onChange(Collection, Listener)}
     */
    public void follows(Collection<String> keys) {
        for (String key : requireNonNull(keys, "keys")) {
            followed.add(requireNonNull(key, "key"));
        }
    }

    /**
     * The keys changed while running that take effect only at the next start, with the source of
     * each new value; empty when the running configuration is the one the service started with or
     * every change was followed.
     */
    public SortedMap<String, String> pendingRestart() {
        return Collections.unmodifiableSortedMap(pending);
    }

    /**
     * As {@link BoundConfig#listing()} of the configuration now, with each key that waits for a
     * restart marked {@code (... ; restart required, running: <value at start>)}.
     */
    public String listing() {
        SortedMap<String, String> waiting = pending;
        String listing = current.listing();
        if (waiting.isEmpty()) {
            return listing;
        }
        Map<String, String> atStart = new TreeMap<>();
        for (String line : started.listing().split("\n")) {
            int eq = line.indexOf(" = ");
            int from = line.lastIndexOf("  (");
            if (eq > 0 && from > eq) {
                atStart.put(line.substring(0, eq), line.substring(eq + 3, from));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : listing.split("\n")) {
            int eq = line.indexOf(" = ");
            String key = eq < 0 ? line : line.substring(0, eq);
            if (waiting.containsKey(key) && line.endsWith(")")) {
                line = line.substring(0, line.length() - 1) + "; restart required, running: "
                        + atStart.getOrDefault(key, "(not set)") + ")";
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /**
     * Replaces the provider layer of the same name (or adds it) and applies the result when it
     * binds and every listener takes it; otherwise keeps the running configuration and reports why.
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
        List<String> changed = KeyPatterns.changed(before.values(), candidate.values());
        current = candidate;
        List<Registration> done = new ArrayList<>();
        for (Registration r : listeners) {
            done.add(r);
            try {
                r.listener().changed(candidate, before);
            } catch (RuntimeException e) {
                current = before;
                rollBack(done, before, candidate, layer, e);
                return new Outcome(false, refusal(r, changed, layer, e));
            }
        }
        layers.clear();
        layers.addAll(next);
        List<String> restart = new ArrayList<>();
        SortedMap<String, String> waiting = new TreeMap<>();
        Map<String, String> atStart = started.values();
        Map<String, String> now = candidate.values();
        for (String key : KeyPatterns.changed(atStart, now)) {
            if (!KeyPatterns.matchesAny(followed, key)) {
                waiting.put(key, candidate.sourceOf(key).orElse("defaults"));
            }
        }
        for (String key : changed) {
            if (!KeyPatterns.matchesAny(followed, key)) {
                restart.add(key);
            }
        }
        pending = waiting;
        if (restart.isEmpty()) {
            log.info("configuration change from {} applied", layer.name());
        } else {
            log.warn(
                    "configuration change from {} applied; {} effect only at the next start: {}",
                    layer.name(),
                    restart.size() == 1 ? "this key takes" : "these keys take",
                    restart);
        }
        return new Outcome(true, null, restart);
    }

    private static void rollBack(
            List<Registration> done,
            BoundConfig before,
            BoundConfig candidate,
            ConfigSource layer,
            RuntimeException e) {
        log.warn(
                "configuration change from {} refused: a listener failed to apply it ({}); rolling back {} listener(s)",
                layer.name(),
                e.toString(),
                done.size(),
                e);
        for (int i = done.size() - 1; i >= 0; i--) {
            try {
                done.get(i).listener().changed(before, candidate);
            } catch (RuntimeException again) {
                log.error(
                        "a configuration listener failed to roll back the change from {}; its component may"
                                + " run with part of it",
                        layer.name(),
                        again);
            }
        }
    }

    private static ConfigException refusal(
            Registration failed, List<String> changed, ConfigSource layer, RuntimeException e) {
        List<String> keys = new ArrayList<>();
        for (String key : changed) {
            if (failed.keys().isEmpty() || KeyPatterns.matchesAny(failed.keys(), key)) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            keys.addAll(changed);
        }
        String reason = "could not be applied (" + e.getMessage()
                + "); the change was rolled back and the running configuration stays";
        List<ConfigProblem> problems = new ArrayList<>();
        for (String key : keys) {
            problems.add(new ConfigProblem(key, null, layer.name(), reason));
        }
        if (problems.isEmpty()) {
            return new ConfigException("the change from " + layer.name() + " " + reason, e);
        }
        return new ConfigException(problems);
    }
}
