package dev.chassis.discovery.internal;

import dev.chassis.core.client.ServiceInstance;
import dev.chassis.core.client.ServiceResolver;
import dev.chassis.discovery.config.ConsulConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's resolver for Consul: one {@link ServiceWatch} per downstream name, shared by every
 * client in the process. {@link #prepare} starts the watches of the configured downstreams and
 * waits up to {@code watch.start-wait} for their first answers; a name first seen in
 * {@link #resolve} gets its watch then, and has no instance until its first answer (the call fails
 * fast as having none). {@link #resolve} only reads what the watches keep; when a watch's instances
 * change, the {@linkplain #addListener listeners} hear of it, so the client forgets instances that
 * left. Thread-safe.
 */
public final class ConsulResolver implements ServiceResolver, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsulResolver.class);

    private final ConsulAgent agent;
    private final ConsulConfig config;
    private final DiscoveryMetrics metrics;
    private final ConcurrentMap<String, ServiceWatch> watches = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public ConsulResolver(ConsulAgent agent, ConsulConfig config, DiscoveryMetrics metrics) {
        this.agent = agent;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void prepare(List<String> downstreams) {
        List<ServiceWatch> started = new ArrayList<>();
        for (String name : downstreams) {
            started.add(watch(name));
        }
        long deadline = System.nanoTime() + config.watch().startWait().toNanos();
        List<String> unanswered = new ArrayList<>();
        try {
            for (int i = 0; i < started.size(); i++) {
                if (!started.get(i).awaitFirstAnswer(deadline)) {
                    unanswered.add(downstreams.get(i));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!unanswered.isEmpty()) {
            log.warn(
                    "Consul at {} has not answered for {} within {}; starting without their instances",
                    agent.url(),
                    unanswered,
                    GoDurations.format(config.watch().startWait()));
        }
    }

    @Override
    public Optional<List<ServiceInstance>> resolve(String downstream) {
        ServiceWatch watch = watches.get(downstream);
        if (watch == null) {
            if (closed) {
                return Optional.empty();
            }
            watch = watch(downstream);
        }
        return Optional.of(watch.instances());
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** The watches by service name, for tests and diagnostics. */
    public Map<String, ServiceWatch> watches() {
        return Map.copyOf(watches);
    }

    private ServiceWatch watch(String name) {
        return watches.computeIfAbsent(name, n -> {
            ServiceWatch w = new ServiceWatch(n, agent, config.watch(), config.zone(), metrics, instances -> {
                for (Listener l : listeners) {
                    l.instancesChanged(n, instances);
                }
            });
            w.start();
            return w;
        });
    }

    /** Stops every watch. */
    @Override
    public void close() {
        closed = true;
        watches.values().forEach(ServiceWatch::stop);
    }
}
