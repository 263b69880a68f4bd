package dev.chassis.discovery.internal;

import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigLayerProvider;
import dev.chassis.core.config.ConfigSource;
import dev.chassis.core.config.LiveConfig;
import dev.chassis.core.config.ServiceConfig;
import dev.chassis.discovery.config.ConsulConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.inject.Provider;
import org.jspecify.annotations.Nullable;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.kv.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration layer from a Consul KV prefix: read when the configuration is bound, then,
 * with {@code kv.watch}, watched with blocking queries while the service runs. A change goes
 * through {@link LiveConfig#replace}, which binds and validates it with every other layer and
 * applies it only when valid; the outcome is counted. Its own agent client, because the layer is
 * read before the rest of the module exists. Thread-safe.
 */
public final class ConsulKvLayer implements ConfigLayerProvider, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsulKvLayer.class);

    private final Provider<LiveConfig> live;
    private final Provider<DiscoveryMetrics> metrics;
    private final BlockingIndex index = new BlockingIndex();
    private volatile @Nullable ConsulAgent agent;
    private volatile @Nullable ConsulConfig config;
    private volatile String prefix = "";
    private volatile @Nullable Map<String, String> applied;
    private volatile @Nullable Thread watcher;
    private volatile boolean running;

    public ConsulKvLayer(Provider<LiveConfig> live, Provider<DiscoveryMetrics> metrics) {
        this.live = live;
        this.metrics = metrics;
    }

    @Override
    public Optional<ConfigSource> load(BoundConfig bootstrap) {
        ConsulConfig c = bootstrap.get(ConsulConfig.SECTION);
        if (!c.enabled() || !c.kv().enabled()) {
            return Optional.empty();
        }
        config = c;
        prefix = c.kv().prefixFor(bootstrap.get(ServiceConfig.SECTION).name());
        ConsulAgent a = ConsulAgent.create(c, bootstrap.source().environment());
        agent = a;
        try {
            Map<String, String> values = keys(prefix, read(a, 0, c.watch().blockingWait()));
            applied = values;
            log.info("read {} configuration key(s) from Consul KV {} at {}", values.size(), prefix, a.url());
            return Optional.of(layer(values));
        } catch (RuntimeException e) {
            if (c.kv().failStartOnError()) {
                a.close();
                agent = null;
                throw new ConfigException("discovery.consul.kv: cannot read '" + prefix + "' from Consul at " + a.url()
                        + ": " + ServiceWatch.message(e)
                        + " (expected: a reachable agent, or discovery.consul.kv.fail-start-on-error: false)");
            }
            log.warn(
                    "cannot read configuration from Consul KV {} at {} ({}); starting without it",
                    prefix,
                    a.url(),
                    ServiceWatch.message(e));
            return Optional.empty();
        }
    }

    /** The layer's name in messages; the same for every change, so a change replaces it. */
    String layerName() {
        return "consul kv " + prefix;
    }

    /** Starts watching the prefix, when the layer is on and {@code kv.watch}. */
    public void start() {
        ConsulConfig c = config;
        if (c == null || !c.kv().watch() || agent == null) {
            return;
        }
        running = true;
        Thread t = new Thread(() -> loop(c), "chassis-consul-kv-watch");
        t.setDaemon(true);
        watcher = t;
        t.start();
    }

    private void loop(ConsulConfig c) {
        Backoff backoff = new Backoff(c.watch().retry());
        long minInterval = c.watch().minInterval().toNanos();
        long lastStart = System.nanoTime() - minInterval;
        int failures = 0;
        while (running) {
            if (!sleep(lastStart + minInterval - System.nanoTime())) {
                return;
            }
            lastStart = System.nanoTime();
            ConsulAgent a = agent;
            if (a == null) {
                return;
            }
            try {
                List<Value> entries = read(a, index.next(), c.watch().blockingWait());
                failures = 0;
                if (entries == null) {
                    continue;
                }
                Map<String, String> values = keys(prefix, entries);
                if (!values.equals(applied)) {
                    offer(values);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                failures++;
                index.reset();
                metrics.get().kvError();
                if (failures == 1) {
                    log.warn(
                            "the watch of Consul KV {} failed ({}); retrying with backoff",
                            prefix,
                            ServiceWatch.message(e));
                }
                if (!sleep(backoff.delay(failures).toNanos())) {
                    return;
                }
            }
        }
    }

    /** Hands a changed layer to the live configuration. */
    private void offer(Map<String, String> values) {
        LiveConfig.Outcome outcome = live.get().replace(layer(values));
        // Remembered either way: the same refused values are not offered again until they change.
        applied = values;
        metrics.get().kvChange(outcome.applied());
        if (!outcome.applied()) {
            // LiveConfig has logged why; the same values are not offered again until they change.
            log.debug("the change of Consul KV {} was refused", prefix);
        }
    }

    /**
     * Reads the prefix, blocking on {@code at} when it is above 0, and moves the index on; null
     * when the index went backwards and the prefix must be read again.
     */
    private @Nullable List<Value> read(ConsulAgent a, long at, Duration wait) {
        ConsulResponse<List<Value>> answer = a.values(prefix, at, wait);
        List<Value> entries = answer.getResponse();
        if (index.observe(answer.getIndex().longValue()) == BlockingIndex.Change.BACKWARDS) {
            log.info("Consul's index for KV {} went backwards; reading it again", prefix);
            return null;
        }
        return entries == null ? List.of() : entries;
    }

    /**
     * The configuration keys under the prefix: {@code <prefix>server/request-timeout} is
     * {@code server.request-timeout}. Folders (keys ending with a slash) are left out; an empty
     * value is the empty string.
     */
    static Map<String, String> keys(String prefix, @Nullable List<Value> entries) {
        Map<String, String> out = new TreeMap<>();
        if (entries == null) {
            return out;
        }
        for (Value v : entries) {
            String key = v.getKey();
            if (key == null || !key.startsWith(prefix) || key.endsWith("/")) {
                continue;
            }
            String rest = key.substring(prefix.length());
            if (rest.isEmpty()) {
                continue;
            }
            out.put(rest.replace('/', '.'), v.getValueAsString().orElse(""));
        }
        return out;
    }

    private ConfigSource layer(Map<String, String> values) {
        return ConfigSource.properties(layerName(), values);
    }

    private boolean sleep(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return running;
    }

    /** Stops the watch and closes the agent client. */
    @Override
    public void close() {
        running = false;
        Thread t = watcher;
        if (t != null) {
            t.interrupt();
        }
        ConsulAgent a = agent;
        agent = null;
        if (a != null) {
            a.close();
        }
    }
}
