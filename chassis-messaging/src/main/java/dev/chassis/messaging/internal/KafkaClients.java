package dev.chassis.messaging.internal;

import dev.chassis.messaging.config.MessagingConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka clients from the configuration: the configured {@code messaging.kafka.properties} first
 * (SASL, TLS), then what the chassis' guarantees rest on, which they cannot change. Thread-safe.
 */
public final class KafkaClients {
    private final MessagingConfig config;
    private final String clientId;

    public KafkaClients(MessagingConfig config, String serviceName) {
        this.config = config;
        this.clientId = serviceName;
    }

    MessagingConfig config() {
        return config;
    }

    private Map<String, Object> common(String role) {
        Map<String, Object> p = new HashMap<>(config.kafka().properties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + role);
        p.putIfAbsent(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
        return p;
    }

    /**
     * An idempotent producer: {@code acks=all}, retries until {@code delivery.timeout.ms}, at most
     * five requests in flight, so that order per partition holds across retries.
     */
    KafkaProducer<byte[], byte[]> producer(String role) {
        Map<String, Object> p = common(role);
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                config.kafka().requestTimeout().toMillis());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                (int) config.maxEventSize().bytes() + EventCodec.FRAMING);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer of a group that commits by itself what its handlers finished, reads committed
     * records only, and rebalances cooperatively.
     */
    KafkaConsumer<byte[], byte[]> consumer(String group) {
        Map<String, Object> p = common("consumer-" + group);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.consumer().autoOffsetReset());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.consumer().maxPollRecords());
        p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A consumer that died without leaving holds its partitions this long: 10s, not Kafka's 45s.
        p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        p.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    Admin admin() {
        Map<String, Object> p = common("admin");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)
                config.kafka().requestTimeout().toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                config.kafka().requestTimeout().toMillis());
        return Admin.create(p);
    }
}
