package dev.chassis.testkit.kafka;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one process) in a child JVM,
 * on random ports of 127.0.0.1, with its log directory in a fresh temporary directory. Started
 * from the Kafka artifacts on this JVM's class path, so nothing is downloaded or installed.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start()) {
 *     broker.createTopic("orders", 3);
 *     Map<String, Object> config = Map.of("bootstrap.servers", broker.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>Topics are not created on first use: as on a production cluster, a producer naming a topic
 * that does not exist is told so, unless {@link Builder#autoCreateTopics(boolean)}. {@link #stop()}
 * and {@link #restart()} take the broker away and bring it back on the same port with the same
 * data, for tests of what clients do meanwhile. The broker exits when this JVM does. Its output
 * goes to {@link #logFile()}. Thread-safe.
 */
public final class KafkaBroker implements AutoCloseable {
    /** Default start-up limit. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);
    /** JVM options of the broker process unless {@link Builder#jvmArgs} sets others. */
    public static final List<String> DEFAULT_JVM_ARGS =
            List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final boolean autoCreateTopics;
    private final List<String> jvmArgs;
    private final Duration startTimeout;
    private final Path log;
    private @Nullable Process process;
    private @Nullable Admin admin;

    private KafkaBroker(Builder b) {
        try {
            this.dir = b.dir != null ? b.dir : Files.createTempDirectory("chassis-kafka-");
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = b.port != 0 ? b.port : freePort();
        this.controllerPort = freePort();
        this.autoCreateTopics = b.autoCreateTopics;
        this.jvmArgs = List.copyOf(b.jvmArgs);
        this.startTimeout = b.startTimeout;
        this.log = dir.resolve("broker.log");
    }

    /** Starts a broker with the defaults and waits until it takes clients. */
    public static KafkaBroker start() {
        return builder().start();
    }

    /** A builder of a broker; nothing starts until {@link Builder#start()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /** The broker process's output. */
    public Path logFile() {
        return log;
    }

    /** Whether the broker process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Creates a topic with one replica.
     *
     * @throws IllegalStateException if the broker refuses; a topic that exists already is fine
     */
    public void createTopic(String name, int partitions) {
        requireNonNull(name, "name");
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic '" + name + "': " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic '" + name + "': " + e, e);
        }
    }

    /**
     * Writes one record as it is, with no chassis headers: a record from another producer, or a
     * poison one.
     */
    public void produce(String topic, @Nullable String key, byte[] value, Map<String, String> headers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(topic, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
            headers.forEach((k, v) -> record.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot write to topic '" + topic + "': " + e, e);
        }
    }

    /**
     * Reads a topic from its beginning until {@code count} records are read or the timeout passes,
     * committed records only, in partition order.
     *
     * @return the records read, possibly fewer than {@code count}
     */
    public List<ConsumerRecord<byte[], byte[]>> records(String topic, int count, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = new ArrayList<>();
            // The topic may come into being while we wait (created by the code under test).
            while (partitions.isEmpty()) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
                if (partitions.isEmpty()) {
                    if (System.nanoTime() - deadline > 0) {
                        return read;
                    }
                    sleep(100);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (read.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
            }
        }
        return read;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** An admin client of this broker, closed with it. */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    30_000));
        }
        return admin;
    }

    /**
     * Stops the broker as SIGTERM does (a controlled shutdown); its data stays for
     * {@link #restart()}.
     */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        process = null;
    }

    /** Starts the broker again on the same ports with the same data, and waits until it takes clients. */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Stops the broker and deletes its data. */
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        stop();
        deleteRecursively(dir);
    }

    private synchronized KafkaBroker launch() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-Dlogback.configurationFile=" + writeLogbackConfig());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KafkaBrokerMain.class.getName());
        command.addAll(List.of("--port", Integer.toString(port)));
        command.addAll(List.of("--controller-port", Integer.toString(controllerPort)));
        command.addAll(List.of("--dir", dir.toString()));
        command.addAll(
                List.of("--parent-pid", Long.toString(ProcessHandle.current().pid())));
        if (autoCreateTopics) {
            command.add("--auto-create-topics");
        }
        Process p;
        long mark;
        try {
            mark = Files.exists(log) ? Files.size(log) : 0;
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker process", e);
        }
        process = p;
        awaitReady(p, mark);
        return this;
    }

    private void awaitReady(Process p, long mark) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        String expected = KafkaBrokerMain.READY + bootstrapServers();
        try {
            while (System.nanoTime() < deadline) {
                if (Files.exists(log) && output(mark).contains(expected)) {
                    return;
                }
                if (!p.isAlive()) {
                    throw new IllegalStateException(
                            "the Kafka broker exited with status " + p.exitValue() + "; its output:\n" + output(mark));
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while the Kafka broker started", e);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the Kafka broker did not start within " + startTimeout.toSeconds()
                + " s; its output:\n" + output(mark));
    }

    private String output(long from) {
        try {
            byte[] all = Files.readAllBytes(log);
            return new String(
                    all,
                    (int) Math.min(from, all.length),
                    (int) Math.max(0, all.length - from),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private Path writeLogbackConfig() {
        Path file = dir.resolve("logback-broker.xml");
        String xml = "<configuration>\n"
                + "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
                + "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>\n"
                + "  </appender>\n"
                + "  <root level=\"WARN\"><appender-ref ref=\"OUT\"/></root>\n"
                + "</configuration>\n";
        try {
            Files.writeString(file, xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + "]";
    }

    /** Builds and starts a {@link KafkaBroker}. Not thread-safe. */
    public static final class Builder {
        private @Nullable Path dir;
        private int port;
        private boolean autoCreateTopics;
        private final List<String> jvmArgs = new ArrayList<>(DEFAULT_JVM_ARGS);
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private final Map<String, Integer> topics = new LinkedHashMap<>();

        private Builder() {}

        /** The port clients connect to; default a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
            }
            this.port = port;
            return this;
        }

        /** The broker's directory (log directory, configuration, output); default a new temporary one. */
        public Builder dir(Path dir) {
            this.dir = requireNonNull(dir, "dir");
            return this;
        }

        /** Whether a topic comes into being on first use; default false, as on a production cluster. */
        public Builder autoCreateTopics(boolean autoCreateTopics) {
            this.autoCreateTopics = autoCreateTopics;
            return this;
        }

        /** JVM options of the broker process, replacing {@link #DEFAULT_JVM_ARGS}. */
        public Builder jvmArgs(String... args) {
            jvmArgs.clear();
            jvmArgs.addAll(List.of(args));
            return this;
        }

        /** How long the start may take; default 90 s (a loaded two-core machine). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /** A topic to create once the broker runs. */
        public Builder topic(String name, int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions: " + partitions + " (expected: >= 1)");
            }
            topics.put(requireNonNull(name, "name"), partitions);
            return this;
        }

        /**
         * Starts the broker process and waits until it takes clients.
         *
         * @throws IllegalStateException if it exits or does not start in time; the message holds its output
         */
        public KafkaBroker start() {
            KafkaBroker broker = new KafkaBroker(this).launch();
            topics.forEach(broker::createTopic);
            return broker;
        }
    }
}
