package dev.chassis.messaging;

import static dev.chassis.messaging.Records.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.core.health.Health;
import dev.chassis.messaging.event.EventHandlers;
import dev.chassis.messaging.event.EventRejectedException;
import dev.chassis.messaging.event.MessageHeaders;
import dev.chassis.testkit.kafka.KafkaExtension;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/** Consumers against a real broker: exactly one effect, retries, the dead-letter topic, order, context, stop and rebalance. */
class ConsumerIT {
    @RegisterExtension
    static final KafkaExtension kafka = KafkaExtension.create(b -> b.topic("orders", 2)
            .topic("orders.DLT", 1)
            .topic("seq", 4)
            .topic("seq.DLT", 1)
            .topic("rebalance", 4)
            .topic("rebalance.DLT", 1)
            .topic("slow", 1)
            .topic("slow.DLT", 1));

    private static final String CONFIG =
            "messaging: {topics: {create: false}, consumer: {concurrency: 2, max-attempts: 3, initial-backoff: 10ms,"
                    + " max-backoff: 50ms}}";
    private static final String DB = TestDb.h2();
    private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private static final Map<String, String> correlationSeen = new ConcurrentHashMap<>();
    private static final Map<String, String> threadSeen = new ConcurrentHashMap<>();
    private static final Map<String, List<Integer>> seqByKey = new ConcurrentHashMap<>();
    private static final AtomicInteger inFlight = new AtomicInteger();
    private static final AtomicInteger maxInFlight = new AtomicInteger();
    private static TestService service;

    @BeforeAll
    static void start() throws Exception {
        TestDb.execute(DB, "CREATE TABLE effects (event_id VARCHAR(64) PRIMARY KEY, order_id VARCHAR(64))");
        EventHandlers handlers = s -> s.group("g1")
                .handleOnce("orders", OrderPlaced.class, (connection, event) -> {
                    correlationSeen.put(event.id(), String.valueOf(MDC.get(MessageHeaders.CORRELATION_MDC_KEY)));
                    threadSeen.put(event.id(), Thread.currentThread().getName());
                    int attempt = attempts.computeIfAbsent(event.id(), k -> new AtomicInteger())
                            .incrementAndGet();
                    String note = event.payload().note();
                    if (note.equals("fail-twice") && attempt <= 2) {
                        throw new IllegalStateException("not yet: attempt " + attempt);
                    }
                    if (note.equals("always-fail")) {
                        throw new IllegalStateException("never");
                    }
                    if (note.equals("reject")) {
                        throw new EventRejectedException(
                                "order " + event.payload().order() + " is not ours");
                    }
                    try (PreparedStatement insert =
                            connection.prepareStatement("INSERT INTO effects (event_id, order_id) VALUES (?, ?)")) {
                        insert.setString(1, event.id());
                        insert.setString(2, event.payload().order());
                        insert.executeUpdate();
                    }
                })
                .handle("seq", OrderPlaced.class, event -> {
                    int now = inFlight.incrementAndGet();
                    maxInFlight.accumulateAndGet(now, Math::max);
                    try {
                        Thread.sleep(2);
                        seqByKey.computeIfAbsent(event.key(), k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(event.payload().seq());
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
        service = TestService.create(
                "consumer-test",
                DB,
                kafka.broker().bootstrapServers(),
                CONFIG,
                new TestService.Handlers(List.of(handlers), List.of(SimpleSpanProcessor.create(spans))));
        service.service().start();
        OutboxIT.awaitUp(service, "messaging-consumer-g1");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.service().stop();
        }
    }

    private static String publish(OrderPlaced order) {
        return service.transactions().inTransaction(c -> service.outbox().publish(c, "orders", order.order(), order));
    }

    private static long effects(String eventId) throws Exception {
        return TestDb.queryLong(DB, "SELECT COUNT(*) FROM effects WHERE event_id = '" + eventId + "'");
    }

    @Test
    void anEventIsHandledOnceWithThePublishersCorrelationIdAndTraceOffThePollThread() throws Exception {
        MDC.put(MessageHeaders.CORRELATION_MDC_KEY, "corr-consumer-1");
        String id;
        try {
            id = publish(new OrderPlaced("c1", 1));
        } finally {
            MDC.remove(MessageHeaders.CORRELATION_MDC_KEY);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> effects(id) == 1);
        assertThat(correlationSeen.get(id)).isEqualTo("corr-consumer-1");
        assertThat(threadSeen.get(id)).startsWith("messaging-g1-").doesNotEndWith("-poll");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(consumerSpan(id)).isNotNull());
        SpanData consumer = consumerSpan(id);
        SpanData producer = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.PRODUCER
                        && id.equals(s.getAttributes()
                                .get(io.opentelemetry.api.common.AttributeKey.stringKey("messaging.message.id"))))
                .findFirst()
                .orElseThrow();
        assertThat(producer.getName()).isEqualTo("publish orders");
        assertThat(consumer.getName()).isEqualTo("process orders");
        assertThat(consumer.getTraceId()).isEqualTo(producer.getTraceId());
        assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
        assertThat(consumer.getAttributes()
                        .get(io.opentelemetry.api.common.AttributeKey.stringKey("messaging.consumer.group.name")))
                .isEqualTo("g1");
        assertThat(service.prometheus().scrape())
                .contains("messaging_consumer_consumed_total{group=\"g1\",topic=\"orders\"}");
    }

    @Test
    void aRedeliveredEventHasNoSecondEffect() throws Exception {
        String id = UUID.randomUUID().toString();
        Map<String, String> headers =
                Map.of(MessageHeaders.ID, id, MessageHeaders.TYPE, "OrderPlaced", MessageHeaders.SCHEMA_VERSION, "1");
        byte[] json = "{\"order\":\"dup\",\"seq\":1,\"note\":\"\"}".getBytes(StandardCharsets.UTF_8);
        kafka.broker().produce("orders", "dup", json, headers);
        kafka.broker().produce("orders", "dup", json, headers);
        String marker = publish(new OrderPlaced("dup", 2));

        await().atMost(Duration.ofSeconds(30)).until(() -> effects(marker) == 1);
        assertThat(effects(id)).isEqualTo(1);
        assertThat(attempts.get(id))
                .as("the handler ran once: the inbox skipped the second delivery")
                .hasValue(1);
        assertThat(service.prometheus().scrape())
                .contains("messaging_consumer_duplicates_total{group=\"g1\",topic=\"orders\"} 1.0");
    }

    @Test
    void aTransientFailureIsRetriedAndAPersistentOneEndsInTheDeadLetterTopicWithTheReasonAndTheOriginalHeaders()
            throws Exception {
        String flaky = publish(new OrderPlaced("flaky", 1, "fail-twice"));
        String broken = publish(new OrderPlaced("broken", 1, "always-fail"));
        String rejected = publish(new OrderPlaced("rejected", 1, "reject"));

        await().atMost(Duration.ofSeconds(30)).until(() -> effects(flaky) == 1);
        assertThat(attempts.get(flaky)).hasValue(3);
        ConsumerRecord<byte[], byte[]> dead = deadLetter("orders.DLT", broken);
        assertThat(header(dead, MessageHeaders.DLT_REASON))
                .isEqualTo("the handler failed 3 time(s); last: java.lang.IllegalStateException: never");
        assertThat(header(dead, MessageHeaders.DLT_EXCEPTION)).isEqualTo("java.lang.IllegalStateException");
        assertThat(header(dead, MessageHeaders.DLT_TOPIC)).isEqualTo("orders");
        assertThat(header(dead, MessageHeaders.DLT_GROUP)).isEqualTo("g1");
        assertThat(header(dead, MessageHeaders.DLT_ATTEMPTS)).isEqualTo("3");
        assertThat(header(dead, MessageHeaders.TYPE)).isEqualTo("OrderPlaced");
        assertThat(header(dead, MessageHeaders.SOURCE)).isEqualTo("/consumer-test");
        assertThat(Records.key(dead)).isEqualTo("broken");
        assertThat(effects(broken)).isZero();
        ConsumerRecord<byte[], byte[]> refused = deadLetter("orders.DLT", rejected);
        assertThat(header(refused, MessageHeaders.DLT_REASON))
                .isEqualTo("rejected by the handler: order rejected is not ours");
        assertThat(attempts.get(rejected)).hasValue(1);
        assertThat(service.prometheus().scrape())
                .contains("messaging_consumer_dead_lettered_total{group=\"g1\",reason=\"failed\",topic=\"orders\"} 1.0")
                .contains(
                        "messaging_consumer_dead_lettered_total{group=\"g1\",reason=\"rejected\",topic=\"orders\"} 1.0");
    }

    @Test
    void aPoisonRecordAndAnUnknownSchemaVersionGoStraightToTheDeadLetterTopicAndTheRestFlows() throws Exception {
        String poison = UUID.randomUUID().toString();
        kafka.broker()
                .produce(
                        "orders",
                        "p",
                        "{not json".getBytes(StandardCharsets.UTF_8),
                        Map.of(MessageHeaders.ID, poison, MessageHeaders.TYPE, "OrderPlaced"));
        String future = UUID.randomUUID().toString();
        kafka.broker()
                .produce(
                        "orders",
                        "p",
                        "{\"order\":\"f\",\"seq\":1}".getBytes(StandardCharsets.UTF_8),
                        Map.of(
                                MessageHeaders.ID,
                                future,
                                MessageHeaders.TYPE,
                                "OrderPlaced",
                                MessageHeaders.SCHEMA_VERSION,
                                "2"));
        String after = publish(new OrderPlaced("p", 3));

        await().atMost(Duration.ofSeconds(30)).until(() -> effects(after) == 1);
        assertThat(header(deadLetter("orders.DLT", poison), MessageHeaders.DLT_REASON))
                .startsWith("payload is not a valid OrderPlaced: ");
        assertThat(header(deadLetter("orders.DLT", future), MessageHeaders.DLT_REASON))
                .isEqualTo("schema version 2 of OrderPlaced is newer than this consumer reads (expected: 1)");
        assertThat(attempts).doesNotContainKeys(poison, future);
        assertThat(service.prometheus().scrape())
                .contains("messaging_consumer_dead_lettered_total{group=\"g1\",reason=\"poison\",topic=\"orders\"} 1.0")
                .contains(
                        "messaging_consumer_dead_lettered_total{group=\"g1\",reason=\"unknown-version\",topic=\"orders\"} 1.0");
    }

    @Test
    void eachKeyIsHandledInOrderWithAtMostTheConfiguredConcurrencyAndTheLagIsMeasured() throws Exception {
        int keys = 12;
        int perKey = 30;
        service.transactions().inTransaction(c -> {
            for (int seq = 0; seq < perKey; seq++) {
                for (int k = 0; k < keys; k++) {
                    service.outbox().publish(c, "seq", "k" + k, new OrderPlaced("k" + k, seq));
                }
            }
            return null;
        });

        await().atMost(Duration.ofSeconds(60))
                .until(() -> seqByKey.values().stream().mapToInt(List::size).sum() == keys * perKey);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            expected.add(i);
        }
        assertThat(seqByKey)
                .hasSize(keys)
                .allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(expected));
        assertThat(maxInFlight.get()).isBetween(1, 2);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(service.prometheus().scrape())
                        .contains("messaging_consumer_lag{group=\"g1\",partition=\"3\",topic=\"seq\"} 0.0")
                        .contains("messaging_consumer_assigned_partitions{group=\"g1\"} 6.0"));
        Health ready = OutboxIT.check(service, "messaging-consumer-g1");
        assertThat(ready.status()).isEqualTo(Health.Status.UP);
        assertThat(ready.details().get("partitions").toString()).contains("seq-0", "orders-1");
    }

    @Test
    void aStopFinishesTheHandlerInFlightCommitsItAndLeavesTheRestForTheNextOwner() throws Exception {
        String db = TestDb.h2();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
        EventHandlers slow = s -> s.group("slow-group").handle("slow", OrderPlaced.class, event -> {
            entered.countDown();
            release.await(20, TimeUnit.SECONDS);
            handled.add(event.payload().seq());
        });
        TestService a = TestService.create("slow-a", db, kafka.broker().bootstrapServers(), CONFIG, slow);
        a.service().start();
        a.transactions().inTransaction(c -> {
            for (int i = 0; i < 3; i++) {
                a.outbox().publish(c, "slow", "k", new OrderPlaced("k", i));
            }
            return null;
        });
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        Thread stopper = new Thread(() -> a.service().stop());
        stopper.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "stopping"
                        .equals(OutboxIT.check(a, "messaging-consumer-slow-group")
                                .details()
                                .get("state")));
        release.countDown();
        stopper.join(30_000);

        assertThat(handled).containsExactly(0);
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.broker()
                .admin()
                .listConsumerGroupOffsets("slow-group")
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        assertThat(committed.get(new TopicPartition("slow", 0)).offset()).isEqualTo(1);
        assertThat(OutboxIT.check(a, "messaging-consumer-slow-group").status()).isEqualTo(Health.Status.DOWN);

        // The next owner starts where the stop committed: the two events not started, once each.
        TestService b = TestService.create("slow-b", db, kafka.broker().bootstrapServers(), CONFIG, slow);
        b.service().start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 3);
            assertThat(handled).containsExactly(0, 1, 2);
        } finally {
            b.service().stop();
        }
    }

    @Test
    void aRebalanceCommitsWhatIsDoneAndLosesNothing() throws Exception {
        String db = TestDb.h2();
        TestDb.execute(db, "CREATE TABLE effects (event_id VARCHAR(64) PRIMARY KEY)");
        AtomicInteger calls = new AtomicInteger();
        EventHandlers shared = s -> s.group("shared").handleOnce("rebalance", OrderPlaced.class, (c, event) -> {
            calls.incrementAndGet();
            Thread.sleep(5);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO effects (event_id) VALUES (?)")) {
                insert.setString(1, event.id());
                insert.executeUpdate();
            }
        });
        TestService a = TestService.create("shared-a", db, kafka.broker().bootstrapServers(), CONFIG, shared);
        TestService b = TestService.create("shared-b", db, kafka.broker().bootstrapServers(), CONFIG, shared);
        a.service().start();
        try {
            a.transactions().inTransaction(c -> {
                for (int i = 0; i < 400; i++) {
                    a.outbox().publish(c, "rebalance", "k" + (i % 16), new OrderPlaced("k", i));
                }
                return null;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() >= 40);
            b.service().start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> TestDb.queryLong(db, "SELECT COUNT(*) FROM effects") == 400);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(OutboxIT.check(b, "messaging-consumer-shared")
                                    .details()
                                    .get("partitions")
                                    .toString())
                            .contains("rebalance-"));
            assertThat(TestDb.queryLong(db, "SELECT COUNT(*) FROM chassis_inbox WHERE consumer_group = 'shared'"))
                    .isEqualTo(400);
            assertThat(kafka.broker().records("rebalance.DLT", 1, Duration.ofSeconds(2)))
                    .isEmpty();
        } finally {
            b.service().stop();
            a.service().stop();
        }
    }

    private static SpanData consumerSpan(String id) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.CONSUMER
                        && id.equals(s.getAttributes()
                                .get(io.opentelemetry.api.common.AttributeKey.stringKey("messaging.message.id"))))
                .findFirst()
                .orElse(null);
    }

    private static ConsumerRecord<byte[], byte[]> deadLetter(String topic, String id) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.clear();
            kafka.broker().records(topic, 1000, Duration.ofSeconds(1)).stream()
                    .filter(r -> id.equals(header(r, MessageHeaders.ID)))
                    .forEach(found::add);
            return !found.isEmpty();
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
