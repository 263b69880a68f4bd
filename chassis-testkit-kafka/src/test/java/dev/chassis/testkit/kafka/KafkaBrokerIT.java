package dev.chassis.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaBrokerIT {
    @RegisterExtension
    static final KafkaExtension kafka = KafkaExtension.create(b -> b.topic("greetings", 3));

    @Test
    void takesRecordsAndGivesThemBack() {
        kafka.broker().produce("greetings", "k", "hello".getBytes(StandardCharsets.UTF_8), Map.of("h", "v"));

        List<ConsumerRecord<byte[], byte[]>> read = kafka.broker().records("greetings", 1, Duration.ofSeconds(20));

        assertThat(read).hasSize(1);
        assertThat(new String(read.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(new String(read.get(0).headers().lastHeader("h").value(), StandardCharsets.UTF_8))
                .isEqualTo("v");
        assertThat(kafka.broker().admin().describeTopics(List.of("greetings")).allTopicNames())
                .succeedsWithin(Duration.ofSeconds(10))
                .satisfies(t -> assertThat(t.get("greetings").partitions()).hasSize(3));
    }

    @Test
    void aTopicThatDoesNotExistIsNotCreatedOnFirstUse() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.broker().bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                2_000);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() ->
                            producer.send(new ProducerRecord<>("nowhere", "x")).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("nowhere");
        }
    }

    @Test
    void restartKeepsTheDataOnTheSamePort() {
        KafkaBroker broker = kafka.broker();
        broker.createTopic("kept", 1);
        broker.produce("kept", "k", "before".getBytes(StandardCharsets.UTF_8), Map.of());
        int port = broker.port();

        broker.stop();
        assertThat(broker.isRunning()).isFalse();
        broker.restart();

        assertThat(broker.port()).isEqualTo(port);
        assertThat(broker.records("kept", 1, Duration.ofSeconds(20)))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("before");
    }
}
