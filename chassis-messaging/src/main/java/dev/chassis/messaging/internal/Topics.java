package dev.chassis.messaging.internal;

import dev.chassis.messaging.config.MessagingConfig;
import dev.chassis.messaging.event.MessagingException;
import dev.chassis.messaging.event.UnknownTopicException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which topics exist: each is looked up once, then remembered. A topic that does not exist is
 * created when {@code messaging.topics.create} is set, and otherwise an {@link UnknownTopicException}
 * naming it. Thread-safe.
 */
public final class Topics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Topics.class);

    private final KafkaClients clients;
    private final MessagingConfig.Topics config;
    private final long timeoutMillis;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private @Nullable Admin admin;

    public Topics(KafkaClients clients) {
        this.clients = clients;
        this.config = clients.config().topics();
        this.timeoutMillis = clients.config().kafka().requestTimeout().toMillis();
    }

    synchronized Admin admin() {
        if (admin == null) {
            admin = clients.admin();
        }
        return admin;
    }

    /**
     * Returns when the topic exists (or was created).
     *
     * @throws UnknownTopicException if it does not and may not be created
     * @throws MessagingException if the cluster cannot be reached
     */
    void require(String topic) {
        if (known.contains(topic)) {
            return;
        }
        try {
            admin().describeTopics(List.of(topic)).allTopicNames().get(timeoutMillis, TimeUnit.MILLISECONDS);
            known.add(topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw unreachable(e.getCause());
            }
            if (!config.create()) {
                throw new UnknownTopicException(topic);
            }
            create(topic);
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while looking up topic '" + topic + "'", e);
        }
    }

    private void create(String topic) {
        try {
            admin().createTopics(List.of(new NewTopic(topic, config.partitions(), (short) config.replicationFactor())))
                    .all()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            log.info(
                    "created topic '{}' with {} partition(s) and {} replica(s) (messaging.topics.create is true)",
                    topic,
                    config.partitions(),
                    config.replicationFactor());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new MessagingException(
                        "cannot create topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while creating topic '" + topic + "'", e);
        }
        known.add(topic);
    }

    /** Whether the cluster answers, within the request timeout. */
    void ping() {
        try {
            admin().describeCluster().nodes().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while reaching Kafka", e);
        }
    }

    private MessagingException unreachable(Throwable cause) {
        String why = cause instanceof TimeoutException
                ? "no answer within " + timeoutMillis + " ms"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new MessagingException(
                "cannot reach Kafka at " + clients.config().kafka().bootstrapServers() + " (" + why + ")", cause);
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
            admin = null;
        }
    }
}
