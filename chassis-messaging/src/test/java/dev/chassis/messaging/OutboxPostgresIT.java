package dev.chassis.messaging;

import static dev.chassis.messaging.Records.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.messaging.event.MessageHeaders;
import dev.chassis.testkit.kafka.KafkaExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    static final KafkaExtension kafka =
            KafkaExtension.create(b -> b.topic("pg-relays", 4).topic("pg-again", 1));

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
}
