package dev.chassis.benchmarks.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.core.config.Config;
import dev.chassis.testkit.kafka.KafkaBroker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * chassis-messaging against a bare kafka-clients pair, in one run: the outbox relay's throughput
 * (events from a PostgreSQL outbox table to Kafka, per second, on one partition and on eight)
 * against a bare producer sending the same records with the same settings, and the latency from
 * a transaction's commit to the consumer's handler at a steady rate against a bare producer's
 * send to a bare consumer's poll. Run by {@code benchmarks/run messaging}; see the README.
 */
public final class MessagingBenchmark {
    private static final int KEYS = 64;
    private static final String SCHEMA = "messaging_bench";

    private final Options options;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Round> rounds = new ArrayList<>();
    private KafkaBroker broker;
    private RelayApp app;
    private final LatencyProbe probe = new LatencyProbe();
    private List<Header> headerTemplate = List.of();
    private int bareLatencyPhases;

    private MessagingBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("benchmarks/run messaging: " + e.getMessage());
            System.exit(2);
            return;
        }
        MessagingBenchmark benchmark = new MessagingBenchmark(options);
        try {
            benchmark.run();
        } finally {
            benchmark.close();
        }
        System.exit(0);
    }

    /** One transferred amount, as SimpleBank's TransferCompleted carries it. */
    public record Transfer(String transferId, String fromAccount, String toAccount, long amountCents, long seq) {}

    // ---- the run ----

    private void run() throws Exception {
        say("Kafka broker (chassis-testkit-kafka, single-node KRaft) starting");
        broker = KafkaBroker.builder()
                .topic("relay-1", 1)
                .topic("relay-8", 8)
                .topic("bare-1", 1)
                .topic("bare-8", 8)
                .topic("latency", 8)
                .topic("latency.DLT", 1)
                .start();
        resetSchema();
        app = RelayApp.create(config(), probe);
        app.service().start();
        awaitLeader();
        say("warm-up: " + options.warmupEvents + " events through the relay and the bare producer, " + "then "
                + options.warmupSeconds + " s at the steady rate");
        relayThroughput("relay-8", options.warmupEvents);
        headerTemplate = headersOfOneRelayedRecord();
        bareThroughput("bare-8", options.warmupEvents);
        relayThroughput("relay-1", options.warmupEvents / 2);
        bareThroughput("bare-1", options.warmupEvents / 2);
        chassisLatency(options.warmupSeconds, 0);
        bareLatency(options.warmupSeconds, 0);
        for (int r = 1; r <= options.rounds; r++) {
            say("round " + r + " of " + options.rounds);
            Round round = new Round(r);
            round.bare1 = bareThroughput("bare-1", options.events);
            round.relay1 = relayThroughput("relay-1", options.events);
            round.bare8 = bareThroughput("bare-8", options.events);
            round.relay8 = relayThroughput("relay-8", options.events);
            round.chassis = chassisLatency(options.seconds, options.warmupSeconds);
            round.bare = bareLatency(options.seconds, options.warmupSeconds);
            rounds.add(round);
            say(round.line());
        }
        String report = report();
        System.out.println();
        System.out.println(report);
        Path dir = Path.of("benchmarks/target");
        if (Files.isDirectory(dir)) {
            Path file = dir.resolve(
                    "messaging-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
            Files.writeString(file, report);
            say("report written to " + file);
        }
    }

    private void close() {
        if (app != null) {
            app.service().stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Config config() {
        String yaml = "service: {name: messaging-bench}\n"
                + "server: {host: 127.0.0.1, port: 0}\n"
                + "lifecycle: {propagation-delay: 0s, grace-period: 10s}\n"
                + "observability: {logging: {format: text, level: warn}, access-log: {enabled: false}}\n"
                + "data: {sources: {main: {url: '" + schemaUrl() + "', user: '" + options.dbUser
                + "', password: '" + options.dbPassword + "', maximum-pool-size: 24,"
                + " migrations: {enabled: false}}}}\n"
                + "messaging:\n"
                + "  kafka: {bootstrap-servers: '" + broker.bootstrapServers() + "'}\n"
                + (options.batchSize == 0 ? "" : "  outbox: {batch-size: " + options.batchSize + "}\n");
        return Config.builder().yaml("messaging benchmark", yaml).build();
    }

    private String schemaUrl() {
        return options.jdbcUrl + (options.jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    private void resetSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(options.jdbcUrl, options.dbUser, options.dbPassword);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + options.jdbcUrl + " (user " + options.dbUser + ") cannot be used: "
                            + e.getMessage() + "; create the database (createdb -O chassis chassis_bench)"
                            + " or name another with --jdbc-url",
                    e);
        }
    }

    private void awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Gauge leader = app.meters().find("messaging.outbox.relay.leader").gauge();
            if (leader != null && leader.value() == 1) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the relay did not take its lease within 60 s");
    }

    // ---- throughput ----

    /**
     * Writes {@code n} events into the outbox in one transaction and measures from its commit until
     * the relay has had every one acknowledged by Kafka (and deleted its row).
     */
    private Throughput relayThroughput(String topic, int n) throws InterruptedException {
        double before = sent(topic);
        app.transactions().inTransaction(c -> {
            for (int i = 0; i < n; i++) {
                app.outbox().publish(c, topic, key(i), transfer(i));
            }
            return null;
        });
        CpuShare cpu = new CpuShare();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(600);
        while (sent(topic) - before < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the relay sent " + (sent(topic) - before) + " of " + n + " events in 600 s");
            }
            LockSupport.parkNanos(200_000);
        }
        Throughput t = new Throughput(n, System.nanoTime() - start, cpu.othersPercent(), cpu.benchmarkMicros() / n);
        say(phase("relay", topic, t, cpu));
        return t;
    }

    private static String phase(String who, String topic, Throughput t, CpuShare cpu) {
        double[] split = cpu.splitMicros();
        return String.format(
                Locale.ROOT,
                "  %s %s: %,.0f events/s; CPU µs/event: JVM %.1f, broker %.1f, PostgreSQL %.1f; others %.0f %% of a CPU",
                who,
                topic,
                t.perSecond(),
                split[0] / t.events(),
                split[1] / t.events(),
                split[2] / t.events(),
                t.othersPercent());
    }

    private double sent(String topic) {
        Counter c =
                app.meters().find("messaging.outbox.sent").tag("topic", topic).counter();
        return c == null ? 0 : c.count();
    }

    /**
     * Sends {@code n} records (the relay's payloads and headers, prepared before the clock starts)
     * with a bare producer and measures from the first send to the last acknowledgement.
     */
    private Throughput bareThroughput(String topic, int n) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(bareRecord(topic, i, null));
        }
        try (KafkaProducer<byte[], byte[]> producer = BareKafka.producer(broker.bootstrapServers(), "bare-" + topic)) {
            // Metadata fetched before the clock starts, as the relay's producer has it from earlier passes.
            producer.partitionsFor(topic);
            CountDownLatch acks = new CountDownLatch(n);
            AtomicReference<Exception> failure = new AtomicReference<>();
            CpuShare cpu = new CpuShare();
            long start = System.nanoTime();
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    acks.countDown();
                });
            }
            if (!acks.await(600, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the bare producer had " + acks.getCount() + " of " + n
                        + " records unacknowledged after 600 s");
            }
            long nanos = System.nanoTime() - start;
            if (failure.get() != null) {
                throw new IllegalStateException("the bare producer failed", failure.get());
            }
            Throughput t = new Throughput(n, nanos, cpu.othersPercent(), cpu.benchmarkMicros() / n);
            say(phase("bare", topic, t, cpu));
            return t;
        }
    }

    private ProducerRecord<byte[], byte[]> bareRecord(String topic, long seq, byte[] seqHeader) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, null, key(seq).getBytes(StandardCharsets.UTF_8), payload(seq));
        for (Header h : headerTemplate) {
            byte[] value =
                    h.key().equals("ce_id") ? UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8) : h.value();
            record.headers().add(new RecordHeader(h.key(), value));
        }
        if (seqHeader != null) {
            record.headers().add(new RecordHeader("bench-seq", seqHeader));
        }
        return record;
    }

    private List<Header> headersOfOneRelayedRecord() {
        ConsumerRecord<byte[], byte[]> one =
                broker.records("relay-8", 1, Duration.ofSeconds(30)).get(0);
        return List.copyOf(Arrays.asList(one.headers().toArray()));
    }

    // ---- latency ----

    /**
     * Commits one event per transaction at {@code options.rate} per second for {@code seconds}, and
     * measures from the commit of each to its handler's start, in the group that handles it at least
     * once and in the one that handles it exactly once through the inbox. Events of the first
     * {@code skipSeconds} are not counted.
     */
    private Latency chassisLatency(int seconds, int skipSeconds) throws InterruptedException {
        int n = seconds * options.rate;
        probe.reset(n);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        CpuShare cpu = new CpuShare();
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / options.rate;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * periodNanos;
            LockSupport.parkNanos(due - System.nanoTime());
            int seq = i;
            writers.execute(() -> app.transactions().inTransaction(c -> {
                app.outbox().publish(c, "latency", key(seq), transfer(seq));
                // Stamped as the commit is sent: the latency includes the commit itself.
                probe.committed(seq);
                return null;
            }));
        }
        long sendNanos = System.nanoTime() - start;
        writers.shutdown();
        writers.awaitTermination(60, TimeUnit.SECONDS);
        probe.awaitAll(Duration.ofSeconds(30));
        int skip = skipSeconds * options.rate;
        return new Latency(
                n - skip,
                n * 1e9 / sendNanos,
                probe.latencies(probe.atLeastOnce, skip),
                probe.latencies(probe.once, skip),
                cpu.othersPercent());
    }

    /** The same rate from a bare producer to a bare consumer: from each send to its record's poll. */
    private Latency bareLatency(int seconds, int skipSeconds) throws Exception {
        int n = seconds * options.rate;
        AtomicLongArray sentAt = new AtomicLongArray(n);
        AtomicLongArray arrived = new AtomicLongArray(n);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch assigned = new CountDownLatch(1);
        String group = "bare-" + UUID.randomUUID();
        // A topic of its own for each phase: the new group reads it from the start, and only this phase's records.
        String topic = "bare-latency-" + (++bareLatencyPhases);
        broker.createTopic(topic, 8);
        Thread poller = new Thread(
                () -> {
                    try (KafkaConsumer<byte[], byte[]> consumer =
                            BareKafka.consumer(broker.bootstrapServers(), group)) {
                        consumer.subscribe(List.of(topic));
                        while (!stop.get()) {
                            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                            if (!consumer.assignment().isEmpty()) {
                                assigned.countDown();
                            }
                            long now = System.nanoTime();
                            for (ConsumerRecord<byte[], byte[]> r : records) {
                                Header seq = r.headers().lastHeader("bench-seq");
                                if (seq != null && seq.value().length == 8) {
                                    int i = (int) java.nio.ByteBuffer.wrap(seq.value())
                                            .getLong();
                                    if (i < n) {
                                        arrived.compareAndSet(i, 0, now);
                                    }
                                }
                            }
                            if (!records.isEmpty()) {
                                consumer.commitAsync();
                            }
                        }
                    }
                },
                "bare-consumer");
        poller.start();
        // Records sent before the group has its partitions would wait for the assignment, not for Kafka.
        if (!assigned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the bare consumer got no partitions within 60 s");
        }

        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(bareRecord(
                    topic, i, java.nio.ByteBuffer.allocate(8).putLong(i).array()));
        }
        CpuShare cpu = new CpuShare();
        long sendNanos;
        try (KafkaProducer<byte[], byte[]> producer =
                BareKafka.producer(broker.bootstrapServers(), "bare-latency-producer")) {
            producer.partitionsFor(topic);
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / options.rate;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                LockSupport.parkNanos(start + i * periodNanos - System.nanoTime());
                sentAt.set(i, System.nanoTime());
                producer.send(records.get(i));
            }
            sendNanos = System.nanoTime() - start;
            producer.flush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (arrived.get(n - 1) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        stop.set(true);
        poller.join(10_000);
        int skip = skipSeconds * options.rate;
        long[] latencies = LatencyProbe.latencies(sentAt, arrived, skip);
        return new Latency(n - skip, n * 1e9 / sendNanos, latencies, latencies, cpu.othersPercent());
    }

    // ---- payloads ----

    private static String key(long seq) {
        return "account-" + (seq % KEYS);
    }

    private static Transfer transfer(long seq) {
        return new Transfer(
                "00000000-0000-4000-8000-" + String.format(Locale.ROOT, "%012d", seq),
                key(seq),
                key(seq + 1),
                100 + seq % 10_000,
                seq);
    }

    private byte[] payload(long seq) {
        try {
            return mapper.writeValueAsBytes(transfer(seq));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- figures ----

    private record Throughput(int events, long nanos, double othersPercent, double cpuMicrosPerEvent) {
        double perSecond() {
            return events * 1e9 / nanos;
        }
    }

    private record Latency(int events, double rate, long[] atLeastOnce, long[] once, double othersPercent) {
        double p(long[] sorted, double q) {
            return LatencyProbe.percentileMillis(sorted, q);
        }

        long missing(long[] sorted) {
            return events - sorted.length;
        }
    }

    private static final class Round {
        final int number;
        Throughput bare1;
        Throughput relay1;
        Throughput bare8;
        Throughput relay8;
        Latency chassis;
        Latency bare;

        Round(int number) {
            this.number = number;
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "round %d: 1 partition relay %,.0f/s bare %,.0f/s (%.2f); 8 partitions relay %,.0f/s bare %,.0f/s"
                            + " (%.2f); CPU µs/event 8p relay %.1f bare %.1f; others %.0f/%.0f/%.0f/%.0f %%; commit->handler p50 %.1f p99 %.1f ms (inbox p50 %.1f p99 %.1f),"
                            + " bare send->poll p50 %.1f p99 %.1f ms",
                    number,
                    relay1.perSecond(),
                    bare1.perSecond(),
                    relay1.perSecond() / bare1.perSecond(),
                    relay8.perSecond(),
                    bare8.perSecond(),
                    relay8.perSecond() / bare8.perSecond(),
                    relay8.cpuMicrosPerEvent(),
                    bare8.cpuMicrosPerEvent(),
                    bare1.othersPercent(),
                    relay1.othersPercent(),
                    bare8.othersPercent(),
                    relay8.othersPercent(),
                    chassis.p(chassis.atLeastOnce, 0.50),
                    chassis.p(chassis.atLeastOnce, 0.99),
                    chassis.p(chassis.once, 0.50),
                    chassis.p(chassis.once, 0.99),
                    bare.p(bare.atLeastOnce, 0.50),
                    bare.p(bare.atLeastOnce, 0.99));
        }
    }

    private String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Messaging: %d rounds; throughput %,d events per phase; latency %d s at %,d events/s per round"
                        + " (after %d s not counted); outbox batch size %s; %s; %s%n%n",
                rounds.size(),
                options.events,
                options.seconds,
                options.rate,
                options.warmupSeconds,
                options.batchSize == 0 ? "500 (the default)" : Integer.toString(options.batchSize),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors() + " CPUs"));
        out.append("| round | relay 1p ev/s | bare 1p ev/s | ratio | relay 8p ev/s | bare 8p ev/s | ratio |"
                + " commit→handler p50 / p99 ms | with inbox p50 / p99 ms | bare send→poll p50 / p99 ms |"
                + " others' CPU % |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Round r : rounds) {
            double others = Math.max(
                    Math.max(Math.max(r.bare1.othersPercent, r.relay1.othersPercent), r.relay8.othersPercent),
                    Math.max(Math.max(r.bare8.othersPercent, r.chassis.othersPercent), r.bare.othersPercent));
            out.append(String.format(
                    Locale.ROOT,
                    "| %d | %,.0f | %,.0f | %.2f | %,.0f | %,.0f | %.2f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | ≤ %.0f |%n",
                    r.number,
                    r.relay1.perSecond(),
                    r.bare1.perSecond(),
                    r.relay1.perSecond() / r.bare1.perSecond(),
                    r.relay8.perSecond(),
                    r.bare8.perSecond(),
                    r.relay8.perSecond() / r.bare8.perSecond(),
                    r.chassis.p(r.chassis.atLeastOnce, 0.50),
                    r.chassis.p(r.chassis.atLeastOnce, 0.99),
                    r.chassis.p(r.chassis.once, 0.50),
                    r.chassis.p(r.chassis.once, 0.99),
                    r.bare.p(r.bare.atLeastOnce, 0.50),
                    r.bare.p(r.bare.atLeastOnce, 0.99),
                    others));
        }
        out.append('\n');
        out.append("| figure | median | spread (min–max) | target |\n|---|---:|---:|---|\n");
        row(out, "relay, 1 partition, events/s", rounds.stream().mapToDouble(r -> r.relay1.perSecond()), "%,.0f", "");
        row(
                out,
                "bare producer, 1 partition, events/s",
                rounds.stream().mapToDouble(r -> r.bare1.perSecond()),
                "%,.0f",
                "");
        row(
                out,
                "relay / bare, 1 partition",
                rounds.stream().mapToDouble(r -> r.relay1.perSecond() / r.bare1.perSecond()),
                "%.2f",
                "≥ 0.50");
        row(out, "relay, 8 partitions, events/s", rounds.stream().mapToDouble(r -> r.relay8.perSecond()), "%,.0f", "");
        row(
                out,
                "bare producer, 8 partitions, events/s",
                rounds.stream().mapToDouble(r -> r.bare8.perSecond()),
                "%,.0f",
                "");
        row(
                out,
                "relay / bare, 8 partitions",
                rounds.stream().mapToDouble(r -> r.relay8.perSecond() / r.bare8.perSecond()),
                "%.2f",
                "≥ 0.50");
        row(
                out,
                "commit → handler p50, ms",
                rounds.stream().mapToDouble(r -> r.chassis.p(r.chassis.atLeastOnce, 0.50)),
                "%.1f",
                "");
        row(
                out,
                "commit → handler p99, ms",
                rounds.stream().mapToDouble(r -> r.chassis.p(r.chassis.atLeastOnce, 0.99)),
                "%.1f",
                "≤ 200");
        row(
                out,
                "commit → handler with inbox p50, ms",
                rounds.stream().mapToDouble(r -> r.chassis.p(r.chassis.once, 0.50)),
                "%.1f",
                "");
        row(
                out,
                "commit → handler with inbox p99, ms",
                rounds.stream().mapToDouble(r -> r.chassis.p(r.chassis.once, 0.99)),
                "%.1f",
                "≤ 200");
        row(
                out,
                "bare send → poll p50, ms",
                rounds.stream().mapToDouble(r -> r.bare.p(r.bare.atLeastOnce, 0.50)),
                "%.1f",
                "");
        row(
                out,
                "bare send → poll p99, ms",
                rounds.stream().mapToDouble(r -> r.bare.p(r.bare.atLeastOnce, 0.99)),
                "%.1f",
                "");
        row(
                out,
                "p99 commit → handler / bare p99",
                rounds.stream()
                        .mapToDouble(
                                r -> r.chassis.p(r.chassis.atLeastOnce, 0.99) / r.bare.p(r.bare.atLeastOnce, 0.99)),
                "%.1f",
                "");
        row(out, "latency phase rate reached, events/s", rounds.stream().mapToDouble(r -> r.chassis.rate), "%,.0f", "");
        long missing = rounds.stream()
                .mapToLong(r -> r.chassis.missing(r.chassis.atLeastOnce)
                        + r.chassis.missing(r.chassis.once)
                        + r.bare.missing(r.bare.atLeastOnce))
                .sum();
        out.append(String.format(Locale.ROOT, "%nEvents of the latency phases that never arrived: %d.%n", missing));
        return out.toString();
    }

    private static void row(
            StringBuilder out, String name, java.util.stream.DoubleStream values, String format, String target) {
        double[] v = values.sorted().toArray();
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        out.append(String.format(
                Locale.ROOT,
                "| %s | " + format + " | " + format + "–" + format + " | %s |%n",
                name,
                median,
                v[0],
                v[v.length - 1],
                target));
    }

    private static void say(String line) {
        System.out.println("[messaging] " + line);
    }

    // ---- options ----

    private record Options(
            int rounds,
            int events,
            int warmupEvents,
            int rate,
            int seconds,
            int warmupSeconds,
            int batchSize,
            String jdbcUrl,
            String dbUser,
            String dbPassword) {
        static Options parse(String[] args) {
            Map<String, String> given = new java.util.LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (!name.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException(
                            "option " + name + " (expected: --name value; see benchmarks/README.md)");
                }
                given.put(name.substring(2), args[++i]);
            }
            Options o = new Options(
                    positive(given, "rounds", 3),
                    positive(given, "events", 50_000),
                    positive(given, "warmup-events", 100_000),
                    positive(given, "rate", 1_000),
                    positive(given, "seconds", 20),
                    positive(given, "warmup-seconds", 10),
                    given.containsKey("batch-size") ? positive(given, "batch-size", 0) : 0,
                    given.getOrDefault("jdbc-url", "jdbc:postgresql://127.0.0.1:5432/chassis_bench"),
                    given.getOrDefault("db-user", "chassis"),
                    given.getOrDefault("db-password", "chassis"));
            given.keySet()
                    .removeAll(List.of(
                            "rounds",
                            "events",
                            "warmup-events",
                            "rate",
                            "seconds",
                            "warmup-seconds",
                            "batch-size",
                            "jdbc-url",
                            "db-user",
                            "db-password"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s): " + given.keySet()
                        + " (expected: rounds, events, warmup-events, rate, seconds, warmup-seconds, batch-size, jdbc-url,"
                        + " db-user, db-password)");
            }
            return o;
        }

        private static int positive(Map<String, String> given, String name, int fallback) {
            String value = given.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new IllegalArgumentException("--" + name + ": '" + value + "' (expected: a positive whole number)");
        }
    }
}
