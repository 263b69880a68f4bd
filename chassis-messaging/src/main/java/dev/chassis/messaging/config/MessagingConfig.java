package dev.chassis.messaging.config;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.common.Checks;
import dev.chassis.core.common.Durations;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.config.DataSize;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Events over Kafka. Section {@code messaging}.
 *
 * <pre>{@code
 * messaging:
 *   kafka:
 *     bootstrap-servers: kafka-1:9093,kafka-2:9093
 *     properties:
 *       security.protocol: SASL_SSL
 *       sasl.mechanism: SCRAM-SHA-512
 *       sasl.jaas.config: ${KAFKA_JAAS}
 *   consumer:
 *     concurrency: 16
 * }</pre>
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code kafka.bootstrap-servers}</td><td>{@code 127.0.0.1:9092}</td><td>the cluster: {@code host:port}, comma-separated</td></tr>
 * <tr><td>{@code kafka.properties}</td><td>{@code {}}</td><td>Kafka client settings given to every producer, consumer and admin client as they are: SASL, TLS ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}); values of keys naming a password, secret, token or JAAS configuration are masked</td></tr>
 * <tr><td>{@code kafka.request-timeout}</td><td>10s</td><td>longest wait of a call to the cluster from the caller's thread: topic checks, and a publish waiting for metadata</td></tr>
 * <tr><td>{@code topics.create}</td><td>false</td><td>create a topic that does not exist (with {@code topics.partitions} and {@code topics.replication-factor}); false: it is an error naming the topic</td></tr>
 * <tr><td>{@code topics.partitions}</td><td>1</td><td>partitions of a topic the chassis creates</td></tr>
 * <tr><td>{@code topics.replication-factor}</td><td>1</td><td>replicas of a topic the chassis creates</td></tr>
 * <tr><td>{@code max-event-size}</td><td>1MiB</td><td>largest event (payload, key and headers); a larger one is refused at publish. Keep it at or below the topic's {@code max.message.bytes}</td></tr>
 * <tr><td>{@code retry.initial-backoff}</td><td>1s</td><td>first wait after the cluster could not be reached; doubles, with jitter</td></tr>
 * <tr><td>{@code retry.max-backoff}</td><td>30s</td><td>longest such wait</td></tr>
 * <tr><td>{@code outbox.*}</td><td></td><td>see {@link OutboxSettings}</td></tr>
 * <tr><td>{@code consumer.*}</td><td></td><td>see {@link ConsumerSettings}</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe; the builder is not.
 *
 * @param kafka how the cluster is reached
 * @param topics what happens with a topic that does not exist
 * @param maxEventSize the largest event accepted
 * @param retry backoff while the cluster cannot be reached
 * @param outbox the transactional outbox and its relay
 * @param consumer how events are consumed
 */
public record MessagingConfig(
        Kafka kafka,
        Topics topics,
        DataSize maxEventSize,
        Retry retry,
        OutboxSettings outbox,
        ConsumerSettings consumer) {
    /** Default {@code max-event-size}: Kafka's own default record limit. */
    public static final DataSize DEFAULT_MAX_EVENT_SIZE = DataSize.ofMebibytes(1);

    /** The section this record binds. */
    public static final ConfigSection<MessagingConfig> SECTION =
            ConfigSection.of("messaging", MessagingConfig.class, defaults());

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public MessagingConfig {
        Checks.notNull("kafka", kafka);
        Checks.notNull("topics", topics);
        Checks.notNull("max-event-size", maxEventSize);
        if (maxEventSize.bytes() < 1024 || maxEventSize.bytes() > 100L * 1024 * 1024) {
            throw new IllegalArgumentException("max-event-size: " + maxEventSize + " (expected: 1KiB-100MiB)");
        }
        Checks.notNull("retry", retry);
        Checks.notNull("outbox", outbox);
        Checks.notNull("consumer", consumer);
    }

    /** The defaults listed above. */
    public static MessagingConfig defaults() {
        return new MessagingConfig(
                Kafka.defaults(),
                Topics.defaults(),
                DEFAULT_MAX_EVENT_SIZE,
                Retry.defaults(),
                OutboxSettings.defaults(),
                ConsumerSettings.defaults());
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * How the cluster is reached.
     *
     * @param bootstrapServers {@code host:port} pairs, comma-separated
     * @param properties Kafka client settings for every client, as they are
     * @param requestTimeout longest wait of a call made from the caller's thread
     */
    public record Kafka(String bootstrapServers, Map<String, String> properties, Duration requestTimeout) {
        /** Default {@code bootstrap-servers}: a broker on this machine, as {@code examples/simplebank} starts one. */
        public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
        /** Default {@code request-timeout}. */
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

        private static final Pattern SERVER = Pattern.compile("[^\\s,:]+:\\d{1,5}");
        private static final Pattern SECRET =
                Pattern.compile("(?i).*(password|secret|token|jaas|key\\.pem|credential).*");

        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException naming the first invalid key
         */
        public Kafka {
            Checks.notBlank("bootstrap-servers", bootstrapServers);
            for (String server : bootstrapServers.split(",")) {
                if (!SERVER.matcher(server.trim()).matches()) {
                    throw new IllegalArgumentException("bootstrap-servers: '" + bootstrapServers
                            + "' (expected: host:port pairs, comma-separated, such as kafka-1:9092,kafka-2:9092)");
                }
            }
            Checks.notNull("properties", properties);
            for (String key : properties.keySet()) {
                if (key.equals("bootstrap.servers")) {
                    throw new IllegalArgumentException(
                            "properties: 'bootstrap.servers' (expected: messaging.kafka.bootstrap-servers instead)");
                }
            }
            properties = Collections.unmodifiableMap(new TreeMap<>(properties));
            Checks.between("request-timeout", requestTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
        }

        /** The defaults. */
        public static Kafka defaults() {
            return new Kafka(DEFAULT_BOOTSTRAP_SERVERS, Map.of(), DEFAULT_REQUEST_TIMEOUT);
        }

        /** The values, with secret properties masked. */
        @Override
        public String toString() {
            Map<String, String> shown = new TreeMap<>();
            properties.forEach((k, v) -> shown.put(k, SECRET.matcher(k).matches() ? "******" : v));
            return "Kafka[bootstrapServers=" + bootstrapServers + ", properties=" + shown + ", requestTimeout="
                    + Durations.format(requestTimeout) + "]";
        }
    }

    /**
     * Topics that do not exist.
     *
     * @param create whether the chassis creates them
     * @param partitions partitions of a topic it creates
     * @param replicationFactor replicas of a topic it creates
     */
    public record Topics(boolean create, int partitions, int replicationFactor) {
        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException naming the first invalid key
         */
        public Topics {
            Checks.range("partitions", partitions, 1, 10_000);
            Checks.range("replication-factor", replicationFactor, 1, 32);
        }

        /** Not created; 1 partition and 1 replica when created. */
        public static Topics defaults() {
            return new Topics(false, 1, 1);
        }
    }

    /**
     * Capped exponential backoff with jitter: the n-th wait is drawn between half and all of
     * {@code initial-backoff × 2ⁿ}, capped at {@code max-backoff}.
     *
     * @param initialBackoff the first wait
     * @param maxBackoff the longest wait
     */
    public record Retry(Duration initialBackoff, Duration maxBackoff) {
        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException if a wait is out of range or the longest is shorter than the first
         */
        public Retry {
            Checks.between("initial-backoff", initialBackoff, Duration.ofMillis(10), Duration.ofMinutes(1));
            Checks.between("max-backoff", maxBackoff, initialBackoff, Duration.ofMinutes(10));
        }

        /** 1s, doubling up to 30s. */
        public static Retry defaults() {
            return new Retry(Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
    }

    /**
     * The transactional outbox, section {@code messaging.outbox}.
     *
     * <table>
     * <caption>Keys and defaults</caption>
     * <tr><th>key</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code enabled}</td><td>true</td><td>create the outbox tables (and the inbox's) in {@code source} and run the relay</td></tr>
     * <tr><td>{@code source}</td><td>{@code main}</td><td>the data source ({@code data.sources.<name>}) holding the outbox and inbox tables</td></tr>
     * <tr><td>{@code relay}</td><td>true</td><td>run the relay in this instance; of all instances sharing the table, one at a time sends (the lease)</td></tr>
     * <tr><td>{@code poll-interval}</td><td>50ms</td><td>pause of the relay after it found the table empty</td></tr>
     * <tr><td>{@code batch-size}</td><td>500</td><td>rows the relay sends per round trip</td></tr>
     * <tr><td>{@code lease-duration}</td><td>10s</td><td>how long a relay's lease lasts unless renewed; another instance takes over this long after a relay dies</td></tr>
     * </table>
     *
     * @param enabled whether the outbox is used
     * @param source the data source of the tables
     * @param relay whether this instance may relay
     * @param pollInterval pause after an empty pass
     * @param batchSize rows per pass
     * @param leaseDuration lifetime of the relay's lease
     */
    public record OutboxSettings(
            boolean enabled,
            String source,
            boolean relay,
            Duration pollInterval,
            int batchSize,
            Duration leaseDuration) {
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException naming the first invalid key
         */
        public OutboxSettings {
            Checks.notNull("source", source);
            if (!NAME.matcher(source).matches()) {
                throw new IllegalArgumentException(
                        "source: '" + source + "' (expected: the name of a data source, such as main)");
            }
            Checks.between("poll-interval", pollInterval, Duration.ofMillis(1), Duration.ofMinutes(1));
            Checks.range("batch-size", batchSize, 1, 10_000);
            Checks.between("lease-duration", leaseDuration, Duration.ofSeconds(1), Duration.ofMinutes(10));
        }

        /** The defaults listed above. */
        public static OutboxSettings defaults() {
            return new OutboxSettings(true, "main", true, Duration.ofMillis(50), 500, Duration.ofSeconds(10));
        }
    }

    /**
     * How events are consumed, section {@code messaging.consumer}; the same for every group.
     *
     * <table>
     * <caption>Keys and defaults</caption>
     * <tr><th>key</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code concurrency}</td><td>8</td><td>handlers of one group running at once, each on its own partition</td></tr>
     * <tr><td>{@code max-poll-records}</td><td>500</td><td>records fetched per poll</td></tr>
     * <tr><td>{@code auto-offset-reset}</td><td>{@code earliest}</td><td>where a new group starts: {@code earliest} or {@code latest}</td></tr>
     * <tr><td>{@code max-attempts}</td><td>4</td><td>tries of a handler for one event, the first included; then the event goes to the dead-letter topic</td></tr>
     * <tr><td>{@code initial-backoff}</td><td>200ms</td><td>wait before the second try; doubles, with jitter</td></tr>
     * <tr><td>{@code max-backoff}</td><td>5s</td><td>longest wait between tries</td></tr>
     * <tr><td>{@code dead-letter-suffix}</td><td>{@code .DLT}</td><td>the dead-letter topic of {@code orders} is {@code orders.DLT}</td></tr>
     * <tr><td>{@code inbox-retention}</td><td>7d</td><td>how long the inbox remembers a handled event ID</td></tr>
     * </table>
     *
     * @param concurrency handlers in flight per group
     * @param maxPollRecords records per poll
     * @param autoOffsetReset where a new group starts
     * @param maxAttempts tries per event
     * @param initialBackoff first wait between tries
     * @param maxBackoff longest wait between tries
     * @param deadLetterSuffix suffix of dead-letter topics
     * @param inboxRetention how long handled event IDs are kept
     */
    public record ConsumerSettings(
            int concurrency,
            int maxPollRecords,
            String autoOffsetReset,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            String deadLetterSuffix,
            Duration inboxRetention) {
        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException naming the first invalid key
         */
        public ConsumerSettings {
            Checks.range("concurrency", concurrency, 1, 1024);
            Checks.range("max-poll-records", maxPollRecords, 1, 10_000);
            Checks.notNull("auto-offset-reset", autoOffsetReset);
            autoOffsetReset = autoOffsetReset.toLowerCase(Locale.ROOT);
            if (!autoOffsetReset.equals("earliest") && !autoOffsetReset.equals("latest")) {
                throw new IllegalArgumentException(
                        "auto-offset-reset: '" + autoOffsetReset + "' (expected: earliest or latest)");
            }
            Checks.range("max-attempts", maxAttempts, 1, 100);
            Checks.between("initial-backoff", initialBackoff, Duration.ofMillis(1), Duration.ofMinutes(1));
            Checks.between("max-backoff", maxBackoff, initialBackoff, Duration.ofMinutes(5));
            Checks.notBlank("dead-letter-suffix", deadLetterSuffix);
            Checks.between("inbox-retention", inboxRetention, Duration.ofMinutes(1), Duration.ofDays(365));
        }

        /** The defaults listed above. */
        public static ConsumerSettings defaults() {
            return new ConsumerSettings(
                    8, 500, "earliest", 4, Duration.ofMillis(200), Duration.ofSeconds(5), ".DLT", Duration.ofDays(7));
        }
    }

    /** Builds a {@link MessagingConfig}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private Kafka kafka = Kafka.defaults();
        private Topics topics = Topics.defaults();
        private DataSize maxEventSize = DEFAULT_MAX_EVENT_SIZE;
        private Retry retry = Retry.defaults();
        private OutboxSettings outbox = OutboxSettings.defaults();
        private ConsumerSettings consumer = ConsumerSettings.defaults();

        private Builder() {}

        /** Sets {@code kafka.*}. */
        public Builder kafka(Kafka kafka) {
            this.kafka = requireNonNull(kafka, "kafka");
            return this;
        }

        /** Sets {@code topics.*}. */
        public Builder topics(Topics topics) {
            this.topics = requireNonNull(topics, "topics");
            return this;
        }

        /** Sets {@code max-event-size}. */
        public Builder maxEventSize(DataSize maxEventSize) {
            this.maxEventSize = requireNonNull(maxEventSize, "maxEventSize");
            return this;
        }

        /** Sets {@code retry.*}. */
        public Builder retry(Retry retry) {
            this.retry = requireNonNull(retry, "retry");
            return this;
        }

        /** Sets {@code outbox.*}. */
        public Builder outbox(OutboxSettings outbox) {
            this.outbox = requireNonNull(outbox, "outbox");
            return this;
        }

        /** Sets {@code consumer.*}. */
        public Builder consumer(ConsumerSettings consumer) {
            this.consumer = requireNonNull(consumer, "consumer");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException if a value is invalid
         */
        public MessagingConfig build() {
            return new MessagingConfig(kafka, topics, maxEventSize, retry, outbox, consumer);
        }
    }
}
