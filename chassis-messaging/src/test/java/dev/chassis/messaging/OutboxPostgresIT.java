package dev.chassis.messaging;

import static dev.chassis.messaging.Records.header;
import static dev.chassis.messaging.Records.key;
import static dev.chassis.messaging.Records.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.messaging.event.MessageHeaders;
import dev.chassis.testkit.kafka.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbox on PostgreSQL: two relays on one table send one at a time and hand over when the
 * holder stops; a row sent but not deleted (the relay died between the two) is sent again, with
 * the same event ID.
 */
class OutboxPostgresIT {
    @RegisterExtension
    static final KafkaExtension kafka = KafkaExtension.create(b ->
            b.topic("pg-relays", 4).topic("pg-again", 1).topic("pg-ordered", 8).topic("pg-late", 1));

    @Test
    void twoRelaysSendOneAtATimeAndTheOtherTakesOverWhenTheHolderStops() throws Exception {
        String db = TestDb.postgres("messaging_relays");
        TestService a = TestService.create("pg-relay-a", db, kafka.broker().bootstrapServers(), "");
        TestService b = TestService.create("pg-relay-b", db, kafka.broker().bootstrapServers(), "");
        a.service().start();
        b.service().start();
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> a.messaging().relay() != null
                            && b.messaging().relay() != null
                            && (a.messaging().relay().leader()
                                    ^ b.messaging().relay().leader()));
            TestService holder = a.messaging().relay().leader() ? a : b;
            TestService other = holder == a ? b : a;
            for (int i = 0; i < 100; i++) {
                int n = i;
                other.transactions()
                        .inTransaction(
                                c -> other.outbox().publish(c, "pg-relays", "k" + (n % 8), new OrderPlaced("k", n)));
            }
            assertThat(kafka.broker().records("pg-relays", 100, Duration.ofSeconds(30)))
                    .hasSize(100);
            assertThat(other.messaging().relay().leader()).isFalse();

            holder.service().stop();
            // The holder gave its lease up on stop: the other takes over well before the lease would expire.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> other.messaging().relay().leader());
            for (int i = 100; i < 150; i++) {
                int n = i;
                other.transactions()
                        .inTransaction(
                                c -> other.outbox().publish(c, "pg-relays", "k" + (n % 8), new OrderPlaced("k", n)));
            }
            List<ConsumerRecord<byte[], byte[]>> all = kafka.broker().records("pg-relays", 150, Duration.ofSeconds(30));
            assertThat(all)
                    .extracting(r -> header(r, MessageHeaders.ID))
                    .hasSize(150)
                    .doesNotHaveDuplicates();
        } finally {
            a.service().stop();
            b.service().stop();
        }
    }

    @Test
    void anEventSentButNotMarkedIsSentAgainWithTheSameId() throws Exception {
        String db = TestDb.postgres("messaging_again");
        TestService s = TestService.create("pg-again", db, kafka.broker().bootstrapServers(), "");
        s.service().start();
        try {
            // The relay "dies" after each send and before its delete: the delete fails.
            TestDb.execute(
                    db,
                    "CREATE FUNCTION refuse_delete() RETURNS trigger AS $$ BEGIN"
                            + " RAISE EXCEPTION 'deletes refused by the test'; END $$ LANGUAGE plpgsql");
            TestDb.execute(
                    db,
                    "CREATE TRIGGER refuse_delete BEFORE DELETE ON chassis_outbox"
                            + " FOR EACH ROW EXECUTE FUNCTION refuse_delete()");
            String id = s.transactions()
                    .inTransaction(c -> s.outbox().publish(c, "pg-again", "k", new OrderPlaced("k", 1)));

            List<ConsumerRecord<byte[], byte[]>> twice = kafka.broker().records("pg-again", 2, Duration.ofSeconds(30));
            assertThat(twice).extracting(r -> header(r, MessageHeaders.ID)).containsExactly(id, id);
            assertThat(TestDb.queryLong(db, "SELECT COUNT(*) FROM chassis_outbox"))
                    .isEqualTo(1);

            TestDb.execute(db, "DROP TRIGGER refuse_delete ON chassis_outbox");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> TestDb.queryLong(db, "SELECT COUNT(*) FROM chassis_outbox") == 0);
            Map<String, Long> byId = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : kafka.broker().records("pg-again", 1000, Duration.ofSeconds(2))) {
                byId.merge(header(r, MessageHeaders.ID), 1L, Long::sum);
            }
            assertThat(byId).containsOnlyKeys(id);
            assertThat(s.prometheus().scrape()).contains("messaging_outbox_relay_failures_total{reason=\"database\"}");
        } finally {
            s.service().stop();
        }
    }

    @Test
    void eventsOfOneKeyArriveInOrderAcrossManyBatchesInFlightAndSweeps() throws Exception {
        String db = TestDb.postgres("messaging_ordered");
        // 7 rows a batch: 400 events are 58 batches, several in flight at once, over two sweeps.
        TestService s = TestService.create(
                "pg-ordered", db, kafka.broker().bootstrapServers(), "messaging: {outbox: {batch-size: 7}}");
        int keys = 16;
        int perKey = 25;
        s.service().start();
        try {
            // One commit: the relay finds all 400 at once.
            s.transactions().inTransaction(c -> {
                for (int n = 0; n < perKey; n++) {
                    for (int k = 0; k < keys; k++) {
                        s.outbox().publish(c, "pg-ordered", "key-" + k, new OrderPlaced("key-" + k, n));
                    }
                }
                return null;
            });
            List<ConsumerRecord<byte[], byte[]>> read =
                    kafka.broker().records("pg-ordered", keys * perKey, Duration.ofSeconds(60));

            Map<String, List<Integer>> seqs = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : read) {
                int seq = Integer.parseInt(value(r).replaceAll(".*\"seq\":(\\d+).*", "$1"));
                seqs.computeIfAbsent(key(r), k -> new ArrayList<>()).add(seq);
            }
            List<Integer> expected = IntStream.range(0, perKey).boxed().toList();
            assertThat(read).extracting(r -> header(r, MessageHeaders.ID)).doesNotHaveDuplicates();
            assertThat(seqs)
                    .hasSize(keys)
                    .allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(expected));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> TestDb.queryLong(db, "SELECT COUNT(*) FROM chassis_outbox") == 0);
        } finally {
            s.service().stop();
        }
    }

    @Test
    void aRowCommittedAfterALaterOneIsSentAllTheSame() throws Exception {
        String db = TestDb.postgres("messaging_late");
        TestService s = TestService.create("pg-late", db, kafka.broker().bootstrapServers(), "");
        s.service().start();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch written = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            // The first row's transaction takes its id, then waits while a later one commits and is sent.
            Future<String> early = pool.submit(() -> s.transactions().inTransaction(c -> {
                String id = s.outbox().publish(c, "pg-late", "k", new OrderPlaced("early", 1));
                written.countDown();
                assertThat(commit.await(60, TimeUnit.SECONDS)).isTrue();
                return id;
            }));
            assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
            String late = s.transactions()
                    .inTransaction(c -> s.outbox().publish(c, "pg-late", "k", new OrderPlaced("late", 2)));
            assertThat(kafka.broker().records("pg-late", 1, Duration.ofSeconds(30)))
                    .extracting(r -> header(r, MessageHeaders.ID))
                    .containsExactly(late);
            // The early row, lower id, is still uncommitted: invisible to the relay, which has sent past it.

            commit.countDown();
            String first = early.get(30, TimeUnit.SECONDS);

            assertThat(kafka.broker().records("pg-late", 2, Duration.ofSeconds(30)))
                    .extracting(r -> header(r, MessageHeaders.ID))
                    .containsExactly(late, first);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> TestDb.queryLong(db, "SELECT COUNT(*) FROM chassis_outbox") == 0);
        } finally {
            pool.shutdownNow();
            s.service().stop();
        }
    }
}
