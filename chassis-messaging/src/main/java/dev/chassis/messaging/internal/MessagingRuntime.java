package dev.chassis.messaging.internal;

import dev.chassis.core.config.LifecycleConfig;
import dev.chassis.core.health.Health;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.data.DataSources;
import dev.chassis.data.Transactions;
import dev.chassis.messaging.config.MessagingConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messaging's life in the service: at start the outbox and inbox tables are migrated; once the
 * service is ready a background thread reaches the cluster (with backoff, readiness down
 * meanwhile), the relay starts and so does each group's consumer. On stop the consumers stop
 * fetching in the stop hook, finish their handlers within the grace period after the HTTP drain,
 * commit and close; then the relay finishes its pass and gives up its lease; then the producer
 * flushes. All before the pools close. Thread-safe.
 */
public final class MessagingRuntime implements LifecycleParticipant {
    private static final Logger log = LoggerFactory.getLogger(MessagingRuntime.class);

    private final MessagingConfig config;
    private final @Nullable DataSources dataSources;
    private final Topics topics;
    private final DirectPublisher publisher;
    private final KafkaClients clients;
    private final EventCodec codec;
    private final MeterRegistry registry;
    private final LifecycleConfig lifecycle;
    private final String serviceName;
    private final List<GroupConsumer> consumers = new ArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile @Nullable OutboxRelay relay;
    private volatile @Nullable OutboxStore store;
    private volatile boolean reachable;
    private volatile boolean migrated;
    private volatile @Nullable String problem;
    private volatile int attempts;
    private @Nullable Thread connector;
    private long lastCleanup;

    public MessagingRuntime(
            MessagingConfig config,
            @Nullable DataSources dataSources,
            SubscriptionRegistry subscriptions,
            KafkaClients clients,
            Topics topics,
            DirectPublisher publisher,
            EventCodec codec,
            MessagingTracing tracing,
            MeterRegistry registry,
            LifecycleConfig lifecycle,
            String serviceName) {
        this.config = config;
        this.dataSources = config.outbox().enabled() ? dataSources : null;
        this.clients = clients;
        this.topics = topics;
        this.publisher = publisher;
        this.codec = codec;
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.serviceName = serviceName;
        Transactions tx = this.dataSources == null
                ? null
                : this.dataSources.transactions(config.outbox().source());
        for (SubscriptionRegistry.GroupRoutes group : subscriptions.groups().values()) {
            if (group.transactional() && tx == null) {
                throw new IllegalStateException(
                        "group '" + group.name() + "' handles events once (handleOnce), which"
                                + " needs the inbox table: messaging.outbox.enabled must be true and the component needs DataModule");
            }
            consumers.add(new GroupConsumer(
                    group,
                    clients,
                    topics,
                    (routes, metrics, stop) ->
                            new RecordHandler(routes, codec.mapper(), tracing, metrics, tx, publisher, config, stop),
                    registry));
        }
    }

    @Override
    public String name() {
        return "messaging";
    }

    @Override
    public int phase() {
        // Above the pools (which close after it), below the server.
        return PHASE_RESOURCES + 200;
    }

    @Override
    public void start() throws Exception {
        if (dataSources == null) {
            return;
        }
        DataSource ds = dataSources.get(config.outbox().source());
        try {
            migrate(ds);
        } catch (SQLTransientConnectionException e) {
            // A pool in retry mode that has not connected yet: the connector thread migrates later.
            log.info(
                    "messaging tables are migrated once data source '{}' is ready",
                    config.outbox().source());
        }
    }

    private void migrate(DataSource ds) throws SQLException {
        Schema.Migrated m = Schema.migrate(ds);
        store = new OutboxStore(ds, m.dialect());
        migrated = true;
        log.info("messaging tables in data source '{}': {}", config.outbox().source(), m.summary());
    }

    @Override
    public void onReady() {
        Thread t = new Thread(this::connect, "messaging-connect");
        t.setDaemon(true);
        connector = t;
        t.start();
    }

    /** Reaches the cluster (and the database, for a pool still connecting), then starts the relay and the consumers. */
    private void connect() {
        Backoff backoff =
                new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff());
        while (stopping.getCount() > 0) {
            attempts++;
            try {
                if (dataSources != null && !migrated) {
                    migrate(dataSources.get(config.outbox().source()));
                }
                topics.ping();
                reachable = true;
                problem = null;
                break;
            } catch (SQLException | RuntimeException e) {
                problem = e.getMessage();
                Duration wait = backoff.after(attempts);
                if (attempts == 1 || attempts % 10 == 0) {
                    log.warn(
                            "messaging is not ready: {}; retrying in {} ms (attempt {})",
                            problem,
                            wait.toMillis(),
                            attempts);
                }
                try {
                    if (stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
        synchronized (this) {
            if (stopping.getCount() == 0) {
                return;
            }
            log.info("messaging reached Kafka at {}", config.kafka().bootstrapServers());
            OutboxStore s = store;
            if (s != null && config.outbox().relay()) {
                OutboxRelay r = new OutboxRelay(s, clients, topics, codec, registry, serviceName);
                relay = r;
                r.start();
            }
            for (GroupConsumer c : consumers) {
                c.start(lifecycle.gracePeriod());
            }
        }
        cleanInbox();
    }

    /** Forgets handled event IDs older than the retention; at most once an hour, from the consumers' start on. */
    private void cleanInbox() {
        OutboxStore s = store;
        if (s == null || consumers.isEmpty() || dataSources == null) {
            return;
        }
        while (stopping.getCount() > 0) {
            long now = System.currentTimeMillis();
            if (now - lastCleanup > TimeUnit.HOURS.toMillis(1)) {
                lastCleanup = now;
                try (Connection c = dataSources.get(config.outbox().source()).getConnection();
                        PreparedStatement delete =
                                c.prepareStatement("DELETE FROM chassis_inbox WHERE handled_at < ?")) {
                    delete.setObject(
                            1,
                            OffsetDateTime.now(ZoneOffset.UTC)
                                    .minus(config.consumer().inboxRetention()));
                    int n = delete.executeUpdate();
                    if (n > 0) {
                        log.info(
                                "inbox: forgot {} event ID(s) handled more than {} ago",
                                n,
                                config.consumer().inboxRetention());
                    }
                } catch (SQLException e) {
                    log.warn("inbox clean-up failed; the next one retries", e);
                }
            }
            try {
                if (stopping.await(1, TimeUnit.MINUTES)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void beforeStop() {
        for (GroupConsumer c : consumers) {
            c.requestStop();
        }
    }

    @Override
    public void stop() throws InterruptedException {
        synchronized (this) {
            stopping.countDown();
        }
        for (GroupConsumer c : consumers) {
            c.awaitStop();
        }
        OutboxRelay r = relay;
        if (r != null) {
            r.stop(Duration.ofSeconds(30));
        }
        publisher.close(Duration.ofSeconds(10));
        topics.close();
        Thread t = connector;
        if (t != null) {
            t.interrupt();
        }
    }

    /** The health checks: {@code kafka}, {@code messaging-outbox} and one per consumer group. */
    public List<HealthCheck> checks() {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(new HealthCheck() {
            @Override
            public String name() {
                return "kafka";
            }

            @Override
            public Health check() {
                Health h = reachable
                        ? Health.up()
                        : Health.down(problem != null ? problem : "connecting").withDetail("attempts", attempts);
                return h.withDetail("bootstrapServers", config.kafka().bootstrapServers());
            }
        });
        if (dataSources != null) {
            checks.add(new HealthCheck() {
                @Override
                public String name() {
                    return "messaging-outbox";
                }

                @Override
                public Health check() {
                    if (!migrated) {
                        return Health.down("the outbox tables are not migrated yet");
                    }
                    OutboxRelay r = relay;
                    Health h = Health.up();
                    if (r == null) {
                        return h.withDetail("relay", config.outbox().relay() ? "waiting for Kafka" : "off");
                    }
                    h = h.withDetail("relay", r.state())
                            .withDetail("leader", r.leader())
                            .withDetail("depth", r.depth());
                    String p = r.problem();
                    return p == null ? h : h.withDetail("problem", p);
                }
            });
        }
        checks.addAll(consumers);
        return checks;
    }

    /** The relay, once started; for tests. */
    public @Nullable OutboxRelay relay() {
        return relay;
    }
}
