package dev.chassis.messaging.internal;

import dev.chassis.messaging.config.MessagingConfig;
import dev.chassis.messaging.event.MessagingException;
import dev.chassis.messaging.event.UnknownTopicException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's rows to Kafka, oldest first, with an idempotent producer, and deletes each row
 * once Kafka acknowledged it. Of all instances sharing the table one relays at a time: the one
 * holding the lease row, taken and renewed by a conditional update against the database's clock.
 * A crash before a send leaves the row to be sent by the next holder; a crash after the send and
 * before the delete sends it again (same event ID, which the inbox recognises). On the first failed
 * send of a pass the producer is closed at once, so that no later row of the same partition
 * overtakes it, and the pass's unacknowledged rows stay for the next pass. Thread-safe.
 */
public final class OutboxRelay {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration DEPTH_EVERY = Duration.ofSeconds(1);

    private final OutboxStore store;
    private final KafkaClients clients;
    private final Topics topics;
    private final EventCodec codec;
    private final MessagingConfig.OutboxSettings config;
    private final Backoff backoff;
    private final MeterRegistry registry;
    private final String owner;
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object wake = new Object();
    private final Map<String, Counter> sent = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Map<String, Long> blockedUntil = new HashMap<>();
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong();
    private volatile boolean leader;
    private volatile String state = "starting";
    private volatile @Nullable String problem;
    private @Nullable KafkaProducer<byte[], byte[]> producer;
    private @Nullable Thread thread;
    private long leaseValidUntil;
    private long nextDepth;
    private int failuresInARow;

    OutboxRelay(
            OutboxStore store,
            KafkaClients clients,
            Topics topics,
            EventCodec codec,
            MeterRegistry registry,
            String serviceName) {
        this.store = store;
        this.clients = clients;
        this.topics = topics;
        this.codec = codec;
        this.config = clients.config().outbox();
        this.backoff = new Backoff(
                clients.config().retry().initialBackoff(),
                clients.config().retry().maxBackoff());
        this.registry = registry;
        this.owner = serviceName + "/" + UUID.randomUUID();
        Gauge.builder("messaging.outbox.depth", depth, AtomicLong::get)
                .description("Events in the outbox table waiting to be sent")
                .register(registry);
        TimeGauge.builder("messaging.outbox.lag", oldestMillis, TimeUnit.MILLISECONDS, o -> lagMillis())
                .description("Age of the oldest event waiting in the outbox table; 0 when it is empty")
                .register(registry);
        Gauge.builder("messaging.outbox.relay.leader", this, r -> r.leader ? 1 : 0)
                .description("1 while this instance holds the relay's lease and sends the outbox")
                .register(registry);
    }

    private double lagMillis() {
        long oldest = oldestMillis.get();
        return oldest == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest);
    }

    synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::run, "messaging-outbox-relay");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops after the pass in flight, gives up the lease so that another instance takes over at once, and closes the producer. */
    void stop(Duration timeout) throws InterruptedException {
        running.set(false);
        synchronized (wake) {
            wake.notifyAll();
        }
        Thread t = thread;
        if (t == null) {
            return;
        }
        if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("the outbox relay did not finish its pass within {} ms; interrupting it", timeout.toMillis());
            t.interrupt();
            finished.await(5, TimeUnit.SECONDS);
        }
    }

    public boolean leader() {
        return leader;
    }

    public String state() {
        return state;
    }

    @Nullable
    String problem() {
        return problem;
    }

    public long depth() {
        return depth.get();
    }

    String owner() {
        return owner;
    }

    private void run() {
        try {
            while (running.get()) {
                Duration pause = pass();
                if (!pause.isZero() && !pause.isNegative() && running.get()) {
                    synchronized (wake) {
                        wake.wait(Math.max(1, pause.toMillis()));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeProducer(Duration.ofSeconds(5));
            if (leader) {
                try {
                    store.release(owner);
                    log.info("outbox relay stopped and gave up its lease");
                } catch (SQLException e) {
                    log.warn(
                            "outbox relay could not give up its lease; another instance takes over when it expires", e);
                }
            }
            leader = false;
            state = "stopped";
            finished.countDown();
        }
    }

    /** One pass; answers how long to pause before the next. */
    Duration pass() throws InterruptedException {
        try {
            refreshDepth();
            if (!holdLease()) {
                state = "standby: another instance holds the lease";
                return config.leaseDuration().dividedBy(4);
            }
            List<OutboxStore.Row> rows = store.next(config.batchSize());
            if (rows.isEmpty()) {
                state = "sending";
                problem = null;
                return config.pollInterval();
            }
            boolean failed = send(rows);
            if (failed) {
                failuresInARow++;
                return backoff.after(failuresInARow);
            }
            failuresInARow = 0;
            state = "sending";
            problem = null;
            return rows.size() < config.batchSize() ? config.pollInterval() : Duration.ZERO;
        } catch (SQLException | RuntimeException e) {
            failuresInARow++;
            count("database");
            problem = "the outbox table cannot be read or written: " + e.getMessage();
            state = "retrying";
            log.warn("outbox relay: {}; retrying", problem, e);
            return backoff.after(failuresInARow);
        }
    }

    private boolean holdLease() throws SQLException {
        long now = System.nanoTime();
        long millis = config.leaseDuration().toMillis();
        if (leader && leaseValidUntil - now > TimeUnit.MILLISECONDS.toNanos(millis) / 2) {
            return true;
        }
        boolean held = store.acquire(owner, millis);
        if (held) {
            // Measured before the update: the database's expiry is later than this.
            leaseValidUntil = now + TimeUnit.MILLISECONDS.toNanos(millis * 4 / 5);
            if (!leader) {
                log.info("outbox relay {} holds the lease and sends the outbox", owner);
            }
        } else if (leader) {
            log.warn("outbox relay {} lost its lease; another instance sends the outbox now", owner);
        }
        leader = held;
        return held;
    }

    /** Sends the rows; answers whether a send failed. */
    private boolean send(List<OutboxStore.Row> rows) throws SQLException, InterruptedException {
        List<OutboxStore.Row> sendable = new ArrayList<>(rows.size());
        Map<String, Boolean> topicOk = new LinkedHashMap<>();
        long now = System.nanoTime();
        for (OutboxStore.Row row : rows) {
            Boolean ok = topicOk.computeIfAbsent(row.topic(), t -> checkTopic(t, now));
            if (ok) {
                sendable.add(row);
            }
        }
        if (sendable.isEmpty()) {
            return true;
        }
        KafkaProducer<byte[], byte[]> p = producer();
        CountDownLatch acks = new CountDownLatch(sendable.size());
        boolean[] acked = new boolean[sendable.size()];
        AtomicBoolean failed = new AtomicBoolean();
        List<Throwable> causes = new ArrayList<>();
        for (int i = 0; i < sendable.size(); i++) {
            OutboxStore.Row row = sendable.get(i);
            int index = i;
            try {
                p.send(record(row), (metadata, e) -> {
                    if (e == null) {
                        acked[index] = true;
                    } else if (failed.compareAndSet(false, true)) {
                        synchronized (causes) {
                            causes.add(e);
                        }
                        // Nothing queued behind the failed record may overtake it.
                        p.close(Duration.ZERO);
                    }
                    acks.countDown();
                });
            } catch (RuntimeException e) {
                if (failed.compareAndSet(false, true)) {
                    synchronized (causes) {
                        causes.add(e);
                    }
                }
                for (int rest = i; rest < sendable.size(); rest++) {
                    acks.countDown();
                }
                break;
            }
        }
        long waitMillis = 60_000;
        if (!acks.await(waitMillis, TimeUnit.MILLISECONDS)) {
            failed.set(true);
            synchronized (causes) {
                causes.add(new MessagingException("no acknowledgement within " + waitMillis + " ms"));
            }
            p.close(Duration.ZERO);
        }
        List<Long> done = new ArrayList<>();
        Map<String, Integer> perTopic = new HashMap<>();
        synchronized (causes) {
            for (int i = 0; i < sendable.size(); i++) {
                if (acked[i]) {
                    done.add(sendable.get(i).id());
                    perTopic.merge(sendable.get(i).topic(), 1, Integer::sum);
                }
            }
        }
        store.delete(done);
        perTopic.forEach((topic, n) -> sentCounter(topic).increment(n));
        if (failed.get()) {
            producer = null;
            count("send");
            Throwable cause = causes.isEmpty() ? null : causes.get(0);
            problem = "sending to Kafka failed: " + (cause == null ? "unknown" : cause.getMessage());
            state = "retrying";
            log.warn(
                    "outbox relay: {} of {} event(s) sent, the rest stay in the outbox and are sent again: {}",
                    done.size(),
                    sendable.size(),
                    problem);
            return true;
        }
        return sendable.size() < rows.size();
    }

    private boolean checkTopic(String topic, long now) {
        Long until = blockedUntil.get(topic);
        if (until != null && until - now > 0) {
            return false;
        }
        try {
            topics.require(topic);
            blockedUntil.remove(topic);
            return true;
        } catch (UnknownTopicException e) {
            count("unknown-topic");
            problem = e.getMessage();
            log.error("outbox relay: events for {}; they stay in the outbox until the topic exists", e.getMessage());
        } catch (MessagingException e) {
            count("unreachable");
            problem = e.getMessage();
            log.warn("outbox relay: {}; the outbox keeps every event until it can send", e.getMessage());
        }
        state = "retrying";
        blockedUntil.put(topic, now + backoff.after(++failuresInARow).toNanos());
        return false;
    }

    private ProducerRecord<byte[], byte[]> record(OutboxStore.Row row) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                row.topic(),
                null,
                row.key() == null ? null : row.key().getBytes(StandardCharsets.UTF_8),
                row.payload());
        codec.headersFromJson(row.headers())
                .forEach((name, value) ->
                        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return record;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p == null) {
            p = clients.producer("outbox-relay");
            producer = p;
        }
        return p;
    }

    private void closeProducer(Duration timeout) {
        KafkaProducer<byte[], byte[]> p = producer;
        producer = null;
        if (p != null) {
            p.close(timeout);
        }
    }

    private void refreshDepth() throws SQLException {
        long now = System.nanoTime();
        if (now - nextDepth < 0) {
            return;
        }
        nextDepth = now + DEPTH_EVERY.toNanos();
        OutboxStore.Depth d = store.depth();
        depth.set(d.rows());
        Instant oldest = d.oldest();
        oldestMillis.set(oldest == null ? 0 : oldest.toEpochMilli());
    }

    private Counter sentCounter(String topic) {
        return sent.computeIfAbsent(
                topic,
                t -> Counter.builder("messaging.outbox.sent")
                        .description("Events the relay sent from the outbox and Kafka acknowledged")
                        .tag("topic", t)
                        .register(registry));
    }

    private void count(String reason) {
        failures.computeIfAbsent(
                        reason,
                        r -> Counter.builder("messaging.outbox.relay.failures")
                                .description("Passes of the outbox relay that could not send everything, by reason")
                                .tag("reason", r)
                                .register(registry))
                .increment();
    }
}
