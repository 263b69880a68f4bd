package dev.chassis.messaging;

import static dev.chassis.messaging.Records.header;
import static dev.chassis.messaging.Records.key;
import static dev.chassis.messaging.Records.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chassis.core.health.Health;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.messaging.event.EventTooLargeException;
import dev.chassis.messaging.event.MessageHeaders;
import dev.chassis.messaging.event.Published;
import dev.chassis.messaging.event.UnknownTopicException;
import dev.chassis.testkit.kafka.KafkaBroker;
import dev.chassis.testkit.kafka.KafkaExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/** The outbox on H2 against a real broker: what arrives, in which order, and what is refused. */
class OutboxIT {
    @RegisterExtension
    static final KafkaExtension kafka = KafkaExtension.create(b -> b.topic("ordered", 8));

    private static final String DB = TestDb.h2();
    private static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.create(
                "outbox-test", DB, kafka.broker().bootstrapServers(), "messaging: {max-event-size: 64KiB}");
        service.service().start();
        TestDb.execute(DB, "CREATE TABLE orders (id VARCHAR(36) PRIMARY KEY)");
        awaitUp(service, "kafka");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.service().stop();
        }
    }

    @Test
    void aCommittedTransactionsEventArrivesWithItsHeadersAndARolledBackOnesNever() throws Exception {
        MDC.put(MessageHeaders.CORRELATION_MDC_KEY, "corr-outbox-1");
        String id;
        try {
            id = service.transactions().inTransaction(c -> {
                insertOrder(c, "o1");
                return service.outbox().publish(c, "orders", "o1", new OrderPlaced("o1", 1));
            });
        } finally {
            MDC.remove(MessageHeaders.CORRELATION_MDC_KEY);
        }
        assertThatThrownBy(() -> service.transactions().inTransaction(c -> {
                    insertOrder(c, "o2");
                    service.outbox().publish(c, "orders", "o2", new OrderPlaced("o2", 2));
                    throw new IllegalStateException("changed my mind");
                }))
                .hasMessage("changed my mind");
        service.transactions()
                .inTransaction(c -> service.outbox().publish(c, "orders", "o3", new OrderPlaced("o3", 3)));

        List<ConsumerRecord<byte[], byte[]>> read = kafka.broker().records("orders", 2, Duration.ofSeconds(30));

        assertThat(read).extracting(Records::key).containsExactly("o1", "o3");
        ConsumerRecord<byte[], byte[]> first = read.get(0);
        assertThat(value(first)).isEqualTo("{\"order\":\"o1\",\"seq\":1,\"note\":\"\"}");
        assertThat(header(first, MessageHeaders.ID)).isEqualTo(id);
        assertThat(header(first, MessageHeaders.TYPE)).isEqualTo("OrderPlaced");
        assertThat(header(first, MessageHeaders.SCHEMA_VERSION)).isEqualTo("1");
        assertThat(header(first, MessageHeaders.SOURCE)).isEqualTo("/outbox-test");
        assertThat(header(first, MessageHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(header(first, MessageHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(header(first, MessageHeaders.CORRELATION_ID)).isEqualTo("corr-outbox-1");
        assertThat(header(read.get(1), MessageHeaders.CORRELATION_ID)).isNull();
        assertThat(TestDb.queryLong(DB, "SELECT COUNT(*) FROM orders")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> TestDb.queryLong(DB, "SELECT COUNT(*) FROM chassis_outbox") == 0);
        assertThat(service.prometheus().scrape()).contains("messaging_outbox_sent_total{topic=\"orders\"} 2.0");
    }

    @Test
    void eventsOfOneKeyArriveInTheOrderTheyWereWrittenOverEightPartitions() throws Exception {
        int keys = 16;
        int perKey = 25;
        for (int seq = 0; seq < perKey; seq++) {
            int s = seq;
            service.transactions().inTransaction(c -> {
                for (int k = 0; k < keys; k++) {
                    service.outbox().publish(c, "ordered", "key-" + k, new OrderPlaced("key-" + k, s));
                }
                return null;
            });
        }

        List<ConsumerRecord<byte[], byte[]>> read =
                kafka.broker().records("ordered", keys * perKey, Duration.ofSeconds(60));

        assertThat(read).hasSize(keys * perKey);
        Map<String, List<Integer>> seqs = new HashMap<>();
        Map<String, Integer> partitions = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            int seq = Integer.parseInt(value(r).replaceAll(".*\"seq\":(\\d+).*", "$1"));
            seqs.computeIfAbsent(key(r), k -> new ArrayList<>()).add(seq);
            partitions.put(key(r), r.partition());
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            expected.add(i);
        }
        assertThat(seqs).hasSize(keys).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(expected));
        assertThat(new java.util.HashSet<>(partitions.values())).hasSizeGreaterThan(1);
    }

    @Test
    void anOversizedEventIsRefusedAtPublishWithItsSizeAndTheLimitAndNothingIsWritten() throws Exception {
        String big = "x".repeat(70_000);

        assertThatThrownBy(() -> service.transactions().inTransaction(c -> {
                    insertOrder(c, "big");
                    return service.outbox().publish(c, "orders", "big", new OrderPlaced("big", 1, big));
                }))
                .isInstanceOf(EventTooLargeException.class)
                .hasMessageMatching("event OrderPlaced for topic 'orders' is 7\\d{4} bytes, larger than"
                        + " messaging.max-event-size, 65536 bytes")
                .satisfies(e -> assertThat(((EventTooLargeException) e).limit()).isEqualTo(65_536));
        assertThat(TestDb.queryLong(DB, "SELECT COUNT(*) FROM orders WHERE id = 'big'"))
                .isZero();
        assertThatThrownBy(() -> service.publisher().publish("orders", "big", new OrderPlaced("big", 1, big)))
                .isInstanceOf(EventTooLargeException.class);
    }

    @Test
    void aTopicNameKafkaRefusesIsRefusedAtPublish() {
        assertThatThrownBy(() -> service.transactions()
                        .inTransaction(c -> service.outbox().publish(c, "no spaces", null, new OrderPlaced("x", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic: 'no spaces' (expected: 1 to 249 letters, digits, '.', '_' or '-', as Kafka names"
                        + " topics)");
    }

    @Test
    void aDirectPublishIsAcknowledgedWithWhereTheEventWasWritten() throws Exception {
        Published p = service.publisher()
                .publish("direct", "d1", new OrderPlaced("d1", 1))
                .get();

        List<ConsumerRecord<byte[], byte[]>> read = kafka.broker().records("direct", 1, Duration.ofSeconds(20));
        assertThat(read).hasSize(1);
        assertThat(p.topic()).isEqualTo("direct");
        assertThat(p.partition()).isEqualTo(read.get(0).partition());
        assertThat(p.offset()).isEqualTo(read.get(0).offset());
        assertThat(header(read.get(0), MessageHeaders.ID)).isEqualTo(p.eventId());
        assertThat(service.prometheus().scrape())
                .contains("messaging_published_total{outcome=\"acknowledged\",topic=\"direct\"} 1.0");
    }

    @Test
    void aTopicThatDoesNotExistIsNamedUnlessCreationIsConfigured() throws Exception {
        String db = TestDb.h2();
        TestService strict = TestService.create(
                "strict-test", db, kafka.broker().bootstrapServers(), "messaging: {topics: {create: false}}");
        strict.service().start();
        try {
            CompletableFuture<Published> direct =
                    strict.publisher().publish("missing-direct", null, new OrderPlaced("m", 1));
            assertThatThrownBy(direct::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(UnknownTopicException.class)
                    .hasMessage("topic 'missing-direct' does not exist (messaging.topics.create is false: create the"
                            + " topic, or set it to true to have it created)");

            strict.transactions()
                    .inTransaction(c -> strict.outbox().publish(c, "missing-outbox", null, new OrderPlaced("m", 1)));
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(
                                    check(strict, "messaging-outbox").details().get("problem"))
                            .isEqualTo(
                                    "topic 'missing-outbox' does not exist (messaging.topics.create is false: create the"
                                            + " topic, or set it to true to have it created)"));
            assertThat(TestDb.queryLong(db, "SELECT COUNT(*) FROM chassis_outbox"))
                    .isEqualTo(1);

            // Once the topic exists, the event that waited is sent.
            kafka.broker().createTopic("missing-outbox", 1);
            assertThat(kafka.broker().records("missing-outbox", 1, Duration.ofSeconds(30)))
                    .hasSize(1);
        } finally {
            strict.service().stop();
        }
    }

    @Test
    void twoRelaysOnOneH2DatabaseSendOneAtATime() throws Exception {
        String db = TestDb.h2();
        TestService a = TestService.create("relay-a", db, kafka.broker().bootstrapServers(), "");
        TestService b = TestService.create("relay-b", db, kafka.broker().bootstrapServers(), "");
        a.service().start();
        b.service().start();
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> a.messaging().relay() != null && b.messaging().relay() != null);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> a.messaging().relay().leader()
                            ^ b.messaging().relay().leader());
            for (int i = 0; i < 50; i++) {
                int n = i;
                (i % 2 == 0 ? a : b)
                        .transactions()
                        .inTransaction(c ->
                                (n % 2 == 0 ? a : b).outbox().publish(c, "h2-relays", "k", new OrderPlaced("k", n)));
                assertThat(a.messaging().relay().leader()
                                && b.messaging().relay().leader())
                        .isFalse();
            }
            assertThat(kafka.broker().records("h2-relays", 50, Duration.ofSeconds(30)))
                    .extracting(r -> value(r).replaceAll(".*\"seq\":(\\d+).*", "$1"))
                    .hasSize(50)
                    .doesNotHaveDuplicates();
        } finally {
            a.service().stop();
            b.service().stop();
        }
    }

    @Test
    void aBrokerDownAtStartUpKeepsReadinessDownAndNothingWrittenMeanwhileIsLost() throws Exception {
        KafkaBroker broker = kafka.broker();
        broker.stop();
        String db = TestDb.h2();
        TestService late = TestService.create("late-test", db, broker.bootstrapServers(), "");
        try {
            late.service().start();
            assertThat(check(late, "kafka").status()).isEqualTo(Health.Status.DOWN);
            for (int i = 0; i < 5; i++) {
                int n = i;
                late.transactions().inTransaction(c -> late.outbox().publish(c, "late", "k", new OrderPlaced("k", n)));
            }
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(
                                    (String) check(late, "kafka").details().get("reason"))
                            .startsWith("cannot reach Kafka at " + broker.bootstrapServers()));
            assertThat(check(late, "kafka").status()).isEqualTo(Health.Status.DOWN);

            broker.restart();

            awaitUp(late, "kafka");
            assertThat(broker.records("late", 5, Duration.ofSeconds(30)))
                    .extracting(r -> value(r).replaceAll(".*\"seq\":(\\d+).*", "$1"))
                    .containsExactly("0", "1", "2", "3", "4");
        } finally {
            if (!broker.isRunning()) {
                broker.restart();
            }
            late.service().stop();
        }
    }

    static void insertOrder(Connection c, String id) throws Exception {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO orders (id) VALUES ('" + id + "')");
        }
    }

    static Health check(TestService s, String name) throws Exception {
        for (HealthCheck check : s.messaging().checks()) {
            if (check.name().equals(name)) {
                return check.check();
            }
        }
        throw new AssertionError("no check " + name);
    }

    static void awaitUp(TestService s, String name) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(check(s, name).status()).isEqualTo(Health.Status.UP));
    }
}
