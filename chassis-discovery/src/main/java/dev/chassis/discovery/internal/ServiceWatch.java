package dev.chassis.discovery.internal;

import com.fasterxml.jackson.core.JacksonException;
import dev.chassis.core.client.ServiceInstance;
import dev.chassis.discovery.config.WatchConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.kiwiproject.consul.ConsulException;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.health.ServiceHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The healthy instances of one downstream, kept current by a loop of blocking queries on its own
 * daemon thread. Readers get the last good answer without touching the network. The answer holds
 * every instance with its checks: the passing ones are called, and each instance, passing or not,
 * has its health and age in gauges for operators. The loop follows
 * Consul's rules: index handling in {@link BlockingIndex}; rounds at least {@code min-interval}
 * apart; after an error or an answer that makes no sense, capped jittered backoff while the last
 * good instances stay, then a read without index; a stale answer older than {@code max-stale} is
 * dropped and read again from the leader. Thread-safe.
 */
public final class ServiceWatch {
    private static final Logger log = LoggerFactory.getLogger(ServiceWatch.class);

    private record Snapshot(List<ServiceInstance> all, List<ServiceInstance> chosen, long atNanos) {}

    /** What discovery knows of one instance, read by its gauges. */
    private static final class Tracked {
        final long sinceNanos = System.nanoTime();
        volatile String health;
        Runnable removeGauges = () -> {};

        Tracked(String health) {
            this.health = health;
        }
    }

    private final String service;
    private final ConsulAgent agent;
    private final WatchConfig config;
    private final String zone;
    private final Backoff backoff;
    private final DiscoveryMetrics metrics;
    private final BlockingIndex index = new BlockingIndex();
    private final CountDownLatch answered = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile @Nullable Snapshot snapshot;
    /** Every instance of the last good answer, passing or not, by ID; touched by the loop thread only. */
    private final Map<String, Tracked> tracked = new HashMap<>();

    private final java.util.function.Consumer<List<ServiceInstance>> onChange;

    ServiceWatch(String service, ConsulAgent agent, WatchConfig config, String zone, DiscoveryMetrics metrics) {
        this(service, agent, config, zone, metrics, instances -> {});
    }

    ServiceWatch(
            String service,
            ConsulAgent agent,
            WatchConfig config,
            String zone,
            DiscoveryMetrics metrics,
            java.util.function.Consumer<List<ServiceInstance>> onChange) {
        this.onChange = onChange;
        this.service = service;
        this.agent = agent;
        this.config = config;
        this.zone = config.preferZone() ? zone : "";
        this.backoff = new Backoff(config.retry());
        this.metrics = metrics;
        this.thread = new Thread(this::loop, "chassis-consul-watch-" + service);
        this.thread.setDaemon(true);
        metrics.watchGauges(service, () -> all().size(), this::ageSeconds);
    }

    void start() {
        thread.start();
    }

    /** The instances to call: those of this zone when there are any, else all; empty before the first answer. */
    List<ServiceInstance> instances() {
        Snapshot s = snapshot;
        return s == null ? List.of() : s.chosen();
    }

    /** Every healthy instance of the last good answer. */
    List<ServiceInstance> all() {
        Snapshot s = snapshot;
        return s == null ? List.of() : s.all();
    }

    /** Seconds since the last good answer; NaN before the first. */
    double ageSeconds() {
        Snapshot s = snapshot;
        return s == null ? Double.NaN : (System.nanoTime() - s.atNanos()) / 1e9;
    }

    /** Waits for the first good answer; false when none came in time. */
    boolean awaitFirstAnswer(long deadlineNanos) throws InterruptedException {
        return answered.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Stops the loop; a query in flight ends when the agent client is closed. */
    void stop() {
        running = false;
        thread.interrupt();
    }

    private void loop() {
        long lastStart = System.nanoTime() - config.minInterval().toNanos();
        int failures = 0;
        boolean fromLeader = false;
        while (running) {
            if (!sleep(lastStart + config.minInterval().toNanos() - System.nanoTime())) {
                return;
            }
            lastStart = System.nanoTime();
            boolean stale = config.stale() && !fromLeader;
            try {
                ConsulResponse<List<ServiceHealth>> answer =
                        agent.instances(service, index.next(), config.blockingWait(), stale);
                if (stale && answer.getLastContact() > config.maxStale().toMillis()) {
                    metrics.watchError(service, "stale");
                    log.debug(
                            "{}: a stale answer {} ms behind the leader was dropped; reading from the leader",
                            service,
                            answer.getLastContact());
                    fromLeader = true;
                    continue;
                }
                fromLeader = false;
                List<HealthEntries.Known> known = HealthEntries.known(answer.getResponse());
                BlockingIndex.Change change = index.observe(answer.getIndex().longValue());
                if (change == BlockingIndex.Change.BACKWARDS) {
                    log.info(
                            "{}: Consul's index went backwards (to {}); starting the watch again",
                            service,
                            answer.getIndex());
                    continue;
                }
                apply(known, change);
                if (failures > 0) {
                    log.info("{}: the Consul watch answers again after {} failed round(s)", service, failures);
                }
                failures = 0;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                failures++;
                // The agent may have restarted meanwhile, its index starting lower: blocking on the
                // old one would wait out a whole round before seeing anything. Read afresh instead.
                index.reset();
                String reason = reason(e);
                metrics.watchError(service, reason);
                Duration delay = backoff.delay(failures);
                if (failures == 1) {
                    log.warn(
                            "{}: the Consul watch failed ({}: {}); keeping the last {} instance(s), retrying with backoff",
                            service,
                            reason,
                            message(e),
                            all().size());
                } else {
                    log.debug(
                            "{}: the Consul watch failed again ({}); next try in {} ms",
                            service,
                            reason,
                            delay.toMillis());
                }
                if (!sleep(delay.toNanos())) {
                    return;
                }
            }
        }
    }

    private void apply(List<HealthEntries.Known> known, BlockingIndex.Change change) {
        List<ServiceInstance> instances = HealthEntries.passing(known);
        List<ServiceInstance> chosen = HealthEntries.preferZone(instances, zone);
        Snapshot before = snapshot;
        snapshot = new Snapshot(instances, chosen, System.nanoTime());
        answered.countDown();
        if (change == BlockingIndex.Change.FIRST || change == BlockingIndex.Change.MOVED) {
            metrics.watchUpdate(service);
        }
        track(known);
        if (before == null || !ids(before.all()).equals(ids(instances))) {
            List<String> failing = known.stream()
                    .filter(k -> !k.passing())
                    .map(k -> k.instance().id() + " " + k.health())
                    .sorted()
                    .toList();
            log.info(
                    "{}: {} healthy instance(s) {}{}",
                    service,
                    instances.size(),
                    ids(instances),
                    failing.isEmpty() ? "" : ", not passing " + failing);
        }
        if (before != null && !ids(before.chosen()).equals(ids(chosen))) {
            try {
                onChange.accept(chosen);
            } catch (RuntimeException e) {
                log.warn("{}: a listener failed on the change of instances", service, e);
            }
        }
    }

    /**
     * Keeps one health and one age gauge per instance of the answer, passing or not: an instance
     * that appears gets them, one that leaves the answer loses them (so series do not grow with
     * every deploy's new IDs).
     */
    private void track(List<HealthEntries.Known> known) {
        Set<String> present = new HashSet<>();
        for (HealthEntries.Known k : known) {
            String id = k.instance().id();
            present.add(id);
            Tracked t = tracked.get(id);
            if (t == null) {
                Tracked fresh = new Tracked(k.health());
                fresh.removeGauges = metrics.instanceGauges(
                        service,
                        id,
                        () -> HealthEntries.HEALTH.indexOf(fresh.health),
                        () -> (System.nanoTime() - fresh.sinceNanos) / 1e9);
                tracked.put(id, fresh);
            } else {
                t.health = k.health();
            }
        }
        tracked.entrySet().removeIf(e -> {
            if (present.contains(e.getKey())) {
                return false;
            }
            e.getValue().removeGauges.run();
            return true;
        });
    }

    private static List<String> ids(List<ServiceInstance> instances) {
        return instances.stream().map(ServiceInstance::id).sorted().toList();
    }

    /** {@code unreachable}, {@code status}, {@code garbage} or {@code error}, for the error meter. */
    static String reason(Throwable e) {
        if (e instanceof HealthEntries.GarbageAnswer || e instanceof NumberFormatException) {
            return "garbage";
        }
        if (e instanceof ConsulException c) {
            if (c.hasCode()) {
                return "status";
            }
            if (c.getCause() instanceof JacksonException) {
                return "garbage";
            }
            if (c.getCause() instanceof IOException) {
                return "unreachable";
            }
        }
        return "error";
    }

    static String message(Throwable e) {
        Throwable cause = e.getCause();
        String own = String.valueOf(e.getMessage());
        return cause == null || cause.getMessage() == null ? own : own + ": " + cause.getMessage();
    }

    /** Sleeps; false when interrupted or stopped. */
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
}
