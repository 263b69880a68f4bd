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
import java.util.ArrayDeque;
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
 * before the delete sends it again (same event ID, which the inbox recognises). A pass reads the
 * table in batches and keeps a few of them on their way to Kafka at once, reading and sending the
 * next and deleting the acknowledged rows of the oldest while later ones wait for their
 * acknowledgements. On the first failed send of a pass the producer is closed at once, so that no
 * later row of the same partition overtakes it, and the pass's unacknowledged rows stay for the
 * next pass. Thread-safe.
 */
public final class OutboxRelay {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration DEPTH_EVERY = Duration.ofSeconds(1);
    /** How many batches a sweep keeps on their way to Kafka at once. */
    private static final int IN_FLIGHT = 4;
    /** Batches read in one sweep before it ends and the next starts again from the oldest row. */
    private static final int BATCHES_PER_SWEEP = 40;

    private static final long ACK_WAIT_MILLIS = 60_000;

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
            Sweep sweep = sweep();
            if (sweep.rows() == 0) {
                state = "sending";
                problem = null;
                return config.pollInterval();
            }
            if (sweep.failed()) {
                failuresInARow++;
                return backoff.after(failuresInARow);
            }
            failuresInARow = 0;
            state = "sending";
            problem = null;
            return sweep.more() ? Duration.ZERO : config.pollInterval();
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

    /** What a sweep did: rows read, whether a send failed or rows had to stay, whether more may wait. */
    private record Sweep(int rows, boolean failed, boolean more) {}

    /**
     * Reads the outbox from its oldest row in batches and keeps up to {@link #IN_FLIGHT} batches
     * on their way to Kafka: the next batch is read and sent, and the oldest one's rows deleted,
     * while later ones wait for their acknowledgements. Each sweep starts again from the oldest
     * row, so a row whose transaction committed after a later one's (a lower id seen late) waits
     * one sweep at most; a sweep reads no more batches after {@link #BATCHES_PER_SWEEP} of them or a
     * quarter of the lease duration, and ends with every batch
     * acknowledged or failed and the acknowledged rows deleted, so no row is read twice while it
     * is in flight.
     */
    private Sweep sweep() throws SQLException, InterruptedException {
        ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
        SendState sending = new SendState();
        long after = 0;
        int batches = 0;
        int rows = 0;
        int sent = 0;
        int done = 0;
        boolean more = true;
        boolean kept = false;
        // Well inside the lease the pass began with, however slow the sends: holdLease renews it between passes.
        long readUntil = System.nanoTime() + config.leaseDuration().toNanos() / 4;
        try {
            while (true) {
                while (more
                        && !kept
                        && !sending.failed.get()
                        && inFlight.size() < IN_FLIGHT
                        && batches < BATCHES_PER_SWEEP
                        && System.nanoTime() - readUntil < 0) {
                    List<OutboxStore.Row> batch = store.next(after, config.batchSize());
                    batches++;
                    rows += batch.size();
                    more = batch.size() == config.batchSize();
                    if (batch.isEmpty()) {
                        break;
                    }
                    after = batch.get(batch.size() - 1).id();
                    List<OutboxStore.Row> sendable = sendable(batch);
                    // Rows of a topic that cannot take them stay; the sweep ends with this batch, and the next
                    // pass comes after the backoff.
                    kept = sendable.size() < batch.size();
                    if (!sendable.isEmpty()) {
                        inFlight.add(send(sendable, sending));
                        sent += sendable.size();
                    }
                }
                InFlight oldest = inFlight.poll();
                if (oldest == null) {
                    break;
                }
                done += finish(oldest, sending);
            }
        } finally {
            // A database failure while batches are in flight: they are still acknowledged or failed
            // before the sweep ends, and their rows stay to be sent again.
            for (InFlight f : inFlight) {
                f.acks.await(ACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        if (sending.failed.get()) {
            producer = null;
            count("send");
            Throwable cause = sending.firstCause();
            problem = "sending to Kafka failed: " + (cause == null ? "unknown" : cause.getMessage());
            state = "retrying";
            log.warn(
                    "outbox relay: {} of {} event(s) sent, the rest stay in the outbox and are sent again: {}",
                    done,
                    sent,
                    problem);
        }
        return new Sweep(rows, sending.failed.get() || kept, more && !kept && !sending.failed.get());
    }

    /** A sweep's failure: the first failed send closes the producer, and nothing is sent after it. */
    private static final class SendState {
        final AtomicBoolean failed = new AtomicBoolean();
        private final List<Throwable> causes = new ArrayList<>();

        void fail(Throwable cause, @Nullable KafkaProducer<byte[], byte[]> close) {
            synchronized (causes) {
                causes.add(cause);
            }
            if (failed.compareAndSet(false, true) && close != null) {
                // Nothing queued behind the failed record may overtake it.
                close.close(Duration.ZERO);
            }
        }

        @Nullable
        Throwable firstCause() {
            synchronized (causes) {
                return causes.isEmpty() ? null : causes.get(0);
            }
        }
    }

    /** One batch on its way to Kafka. */
    private static final class InFlight {
        final List<OutboxStore.Row> rows;
        final boolean[] acked;
        final CountDownLatch acks;

        InFlight(List<OutboxStore.Row> rows) {
            this.rows = rows;
            this.acked = new boolean[rows.size()];
            this.acks = new CountDownLatch(rows.size());
        }
    }

    private List<OutboxStore.Row> sendable(List<OutboxStore.Row> rows) {
        List<OutboxStore.Row> sendable = new ArrayList<>(rows.size());
        Map<String, Boolean> topicOk = new LinkedHashMap<>();
        long now = System.nanoTime();
        for (OutboxStore.Row row : rows) {
            Boolean ok = topicOk.computeIfAbsent(row.topic(), t -> checkTopic(t, now));
            if (ok) {
                sendable.add(row);
            }
        }
        return sendable;
    }

    /** Hands the rows to the producer; their acknowledgements come in on its thread. */
    private InFlight send(List<OutboxStore.Row> rows, SendState sending) {
        KafkaProducer<byte[], byte[]> p = producer();
        InFlight f = new InFlight(rows);
        for (int i = 0; i < rows.size(); i++) {
            int index = i;
            if (sending.failed.get()) {
                countDownRest(f, i);
                break;
            }
            try {
                p.send(record(rows.get(i)), (metadata, e) -> {
                    if (e == null) {
                        f.acked[index] = true;
                    } else {
                        sending.fail(e, p);
                    }
                    f.acks.countDown();
                });
            } catch (RuntimeException e) {
                sending.fail(e, p);
                countDownRest(f, i);
                break;
            }
        }
        return f;
    }

    private static void countDownRest(InFlight f, int from) {
        for (int rest = from; rest < f.rows.size(); rest++) {
            f.acks.countDown();
        }
    }

    /** Waits for a batch's acknowledgements and deletes the rows Kafka acknowledged; answers how many. */
    private int finish(InFlight f, SendState sending) throws SQLException, InterruptedException {
        if (!f.acks.await(ACK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            sending.fail(new MessagingException("no acknowledgement within " + ACK_WAIT_MILLIS + " ms"), producer);
            KafkaProducer<byte[], byte[]> p = producer;
            if (p != null) {
                p.close(Duration.ZERO);
            }
        }
        List<Long> done = new ArrayList<>(f.rows.size());
        Map<String, Integer> perTopic = new HashMap<>();
        // The latch's count-downs happen after each flag is written: reading after await sees them.
        for (int i = 0; i < f.rows.size(); i++) {
            if (f.acked[i]) {
                done.add(f.rows.get(i).id());
                perTopic.merge(f.rows.get(i).topic(), 1, Integer::sum);
            }
        }
        store.delete(done);
        perTopic.forEach((topic, n) -> sentCounter(topic).increment(n));
        return done.size();
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
