package dev.chassis.messaging.internal;

import dev.chassis.core.common.VirtualThreads;
import dev.chassis.core.health.Health;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.messaging.config.MessagingConfig;
import dev.chassis.messaging.event.MessagingException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer group: a poll thread that fetches records and hands each partition's to its
 * {@link PartitionWorker}, pauses partitions whose backlog is large, commits what the workers
 * finished, and measures the lag; on a rebalance it lets the revoked partitions' handlers finish and
 * commits them. Readiness ({@code messaging-consumer-<group>}) is up while it has joined the group.
 * Thread-safe.
 */
public final class GroupConsumer implements HealthCheck {
    private static final Logger log = LoggerFactory.getLogger(GroupConsumer.class);

    private final String group;
    private final SubscriptionRegistry.GroupRoutes routes;
    private final KafkaClients clients;
    private final Topics topics;
    private final MessagingConfig config;
    private final MeterRegistry registry;
    private final Backoff backoff;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Map<TopicPartition, PartitionWorker> workers = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Meter> lagGauges = new HashMap<>();
    private final Map<TopicPartition, Long> lags = new ConcurrentHashMap<>();
    private final AtomicInteger assignedCount = new AtomicInteger();
    private final Semaphore permits;
    private final ExecutorService executor;
    private final RecordHandler handler;
    private final Set<String> subscribed;
    private volatile String state = "starting";
    private volatile @Nullable String problem;
    private volatile boolean joined;
    private volatile @Nullable KafkaConsumer<byte[], byte[]> consumer;
    private volatile Duration grace = Duration.ofSeconds(30);
    private @Nullable Thread thread;

    GroupConsumer(
            SubscriptionRegistry.GroupRoutes routes,
            KafkaClients clients,
            Topics topics,
            RecordHandlerFactory handlers,
            MeterRegistry registry) {
        this.group = routes.name();
        this.routes = routes;
        this.clients = clients;
        this.topics = topics;
        this.config = clients.config();
        this.registry = registry;
        this.backoff =
                new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff());
        this.permits = new Semaphore(config.consumer().concurrency(), true);
        ThreadFactory virtual = VirtualThreads.factory("messaging-" + group + "-");
        // At most one task per assigned partition; the semaphore bounds how many handle at once.
        this.executor = Executors.newCachedThreadPool(
                virtual != null
                        ? virtual
                        : r -> {
                            Thread t = new Thread(r, "messaging-" + group + "-handler");
                            t.setDaemon(true);
                            return t;
                        });
        this.handler = handlers.create(routes, new ConsumerMetrics(registry, group), stopping);
        this.subscribed = new LinkedHashSet<>(routes.routes().keySet());
        Gauge.builder("messaging.consumer.assigned.partitions", assignedCount, AtomicInteger::get)
                .description("Partitions assigned to this instance's consumer of the group")
                .tag("group", group)
                .register(registry);
    }

    /** Makes a group's record handler; the runtime knows its dependencies. */
    interface RecordHandlerFactory {
        RecordHandler create(SubscriptionRegistry.GroupRoutes routes, ConsumerMetrics metrics, CountDownLatch stopping);
    }

    String group() {
        return group;
    }

    synchronized void start(Duration gracePeriod) {
        this.grace = gracePeriod;
        Thread t = new Thread(this::run, "messaging-" + group + "-poll");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops fetching: the stop hook, while the service still serves. */
    void requestStop() {
        stopping.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Waits for the in-flight handlers (within the grace period), the final commit and the close. */
    void awaitStop() throws InterruptedException {
        requestStop();
        if (thread != null && !finished.await(grace.toMillis() + 15_000, TimeUnit.MILLISECONDS)) {
            log.warn("consumer of group '{}' did not stop in time", group);
        }
        executor.shutdownNow();
    }

    private void run() {
        try {
            if (!awaitTopics()) {
                return;
            }
            KafkaConsumer<byte[], byte[]> c = clients.consumer(group);
            consumer = c;
            c.subscribe(subscribed, new Rebalance(c));
            state = "joining";
            while (stopping.getCount() > 0) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = c.poll(Duration.ofMillis(100));
                } catch (WakeupException e) {
                    continue;
                } catch (RuntimeException e) {
                    problem = "polling failed: " + e;
                    log.warn("consumer of group '{}': {}", group, problem, e);
                    if (sleep(backoff.after(1))) {
                        break;
                    }
                    continue;
                }
                for (TopicPartition tp : records.partitions()) {
                    PartitionWorker w = workers.get(tp);
                    if (w != null) {
                        w.enqueue(records.records(tp));
                    }
                }
                flowControl(c);
                commit(c, false, workers.values());
                measureLag(c);
            }
            shutdown(c);
        } catch (RuntimeException | Error e) {
            problem = "the consumer stopped: " + e;
            log.error("consumer of group '{}' stopped", group, e);
        } finally {
            joined = false;
            state = "stopped";
            finished.countDown();
        }
    }

    /** Waits until every topic and its dead-letter topic exist; false if the group stops first. */
    private boolean awaitTopics() {
        List<String> needed = new ArrayList<>();
        for (String t : subscribed) {
            needed.add(t);
            needed.add(t + config.consumer().deadLetterSuffix());
        }
        for (int attempt = 1; stopping.getCount() > 0; attempt++) {
            try {
                for (String t : needed) {
                    topics.require(t);
                }
                problem = null;
                return true;
            } catch (MessagingException e) {
                problem = e.getMessage();
                state = "waiting for Kafka";
                Duration wait = backoff.after(attempt);
                if (attempt == 1 || attempt % 10 == 0) {
                    log.warn("consumer of group '{}' waits: {}; retrying in {} ms", group, problem, wait.toMillis());
                }
                if (sleep(wait)) {
                    return false;
                }
            }
        }
        return false;
    }

    private void flowControl(KafkaConsumer<byte[], byte[]> c) {
        int high = config.consumer().maxPollRecords();
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (PartitionWorker w : workers.values()) {
            int pending = w.pending();
            if (!w.paused && pending >= high) {
                w.paused = true;
                pause.add(w.partition());
            } else if (w.paused && pending < high / 2) {
                w.paused = false;
                resume.add(w.partition());
            }
        }
        if (!pause.isEmpty()) {
            c.pause(pause);
        }
        if (!resume.isEmpty()) {
            c.resume(resume);
        }
    }

    private void commit(KafkaConsumer<byte[], byte[]> c, boolean sync, Collection<PartitionWorker> which) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionWorker w : which) {
            long done = w.done();
            if (done > w.committed) {
                offsets.put(w.partition(), new OffsetAndMetadata(done));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                c.commitSync(offsets, Duration.ofSeconds(10));
                offsets.forEach((tp, o) -> setCommitted(which, tp, o.offset()));
            } catch (RuntimeException e) {
                log.warn("consumer of group '{}' could not commit {}: {}", group, offsets, e.toString());
            }
        } else {
            c.commitAsync(offsets, (done, e) -> {
                if (e != null) {
                    log.debug("consumer of group '{}': commit failed, the next one covers it: {}", group, e.toString());
                }
            });
            offsets.forEach((tp, o) -> setCommitted(which, tp, o.offset()));
        }
    }

    private static void setCommitted(Collection<PartitionWorker> which, TopicPartition tp, long offset) {
        for (PartitionWorker w : which) {
            if (w.partition().equals(tp)) {
                w.committed = offset;
            }
        }
    }

    private void measureLag(KafkaConsumer<byte[], byte[]> c) {
        for (PartitionWorker w : workers.values()) {
            OptionalLong fetchLag = c.currentLag(w.partition());
            if (fetchLag.isPresent()) {
                lags.put(w.partition(), fetchLag.getAsLong() + w.pending());
            }
        }
    }

    private void shutdown(KafkaConsumer<byte[], byte[]> c) {
        state = "stopping";
        long deadline = System.nanoTime() + grace.toNanos();
        for (PartitionWorker w : workers.values()) {
            try {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (!w.revoke(Math.max(1, left))) {
                    log.warn(
                            "consumer of group '{}': the handler of {} was still running after the grace period;"
                                    + " its event is handled again by the next owner",
                            group,
                            w.partition());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor.shutdownNow();
        commit(c, true, workers.values());
        try {
            c.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("closing the consumer of group '{}' failed", group, e);
        }
        log.info("consumer of group '{}' stopped: in-flight handlers finished, offsets committed", group);
    }

    private boolean sleep(Duration d) {
        try {
            return stopping.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public String name() {
        return "messaging-consumer-" + group.replaceAll("[^A-Za-z0-9-]", "-");
    }

    @Override
    public Health check() {
        Set<String> assigned = new TreeSet<>();
        workers.keySet().forEach(tp -> assigned.add(tp.toString()));
        Health h = joined ? Health.up() : Health.down(problem != null ? problem : state);
        return h.withDetail("state", state).withDetail("group", group).withDetail("partitions", assigned);
    }

    /** Runs on the poll thread, inside {@code poll}. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> c;

        Rebalance(KafkaConsumer<byte[], byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                workers.computeIfAbsent(tp, p -> new PartitionWorker(p, handler, executor, permits));
                lagGauges.computeIfAbsent(
                        tp,
                        p -> Gauge.builder("messaging.consumer.lag", lags, m -> m.getOrDefault(p, 0L))
                                .description("Records of the partition the group has not handled yet")
                                .tag("group", group)
                                .tag("topic", p.topic())
                                .tag("partition", Integer.toString(p.partition()))
                                .register(registry));
            }
            assignedCount.set(workers.size());
            joined = true;
            problem = null;
            state = "consuming";
            if (!partitions.isEmpty()) {
                log.info("consumer of group '{}' was assigned {}", group, new TreeSet<>(names(partitions)));
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions, true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(partitions, false);
        }

        private void release(Collection<TopicPartition> partitions, boolean commit) {
            if (partitions.isEmpty()) {
                return;
            }
            List<PartitionWorker> leaving = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                PartitionWorker w = workers.get(tp);
                if (w != null) {
                    leaving.add(w);
                }
            }
            for (PartitionWorker w : leaving) {
                try {
                    w.revoke(grace.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (commit) {
                commit(c, true, leaving);
            }
            for (TopicPartition tp : partitions) {
                workers.remove(tp);
                lags.remove(tp);
                Meter gauge = lagGauges.remove(tp);
                if (gauge != null) {
                    registry.remove(gauge);
                }
            }
            assignedCount.set(workers.size());
            log.info(
                    "consumer of group '{}' gave up {}{}",
                    group,
                    new TreeSet<>(names(partitions)),
                    commit ? ", its finished events committed" : " (lost: nothing could be committed)");
        }
    }

    private static List<String> names(Collection<TopicPartition> partitions) {
        List<String> names = new ArrayList<>();
        partitions.forEach(p -> names.add(p.toString()));
        return names;
    }
}
