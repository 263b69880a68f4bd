package dev.chassis.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.DataSize;
import dev.chassis.messaging.config.MessagingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagingConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        MessagingConfig c = MessagingConfig.defaults();
        assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.kafka().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.topics().create()).isFalse();
        assertThat(c.maxEventSize()).isEqualTo(DataSize.ofMebibytes(1));
        assertThat(c.outbox().source()).isEqualTo("main");
        assertThat(c.outbox().pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.outbox().leaseDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.consumer().concurrency()).isEqualTo(8);
        assertThat(c.consumer().maxAttempts()).isEqualTo(4);
        assertThat(c.consumer().deadLetterSuffix()).isEqualTo(".DLT");
    }

    @Test
    void refusesValuesWithTheKeyAndWhatIsExpected() {
        assertThatThrownBy(() -> new MessagingConfig.Kafka("kafka-1", Map.of(), Duration.ofSeconds(1)))
                .hasMessage("bootstrap-servers: 'kafka-1' (expected: host:port pairs, comma-separated, such as"
                        + " kafka-1:9092,kafka-2:9092)");
        assertThatThrownBy(() ->
                        new MessagingConfig.Kafka("k:1", Map.of("bootstrap.servers", "x:1"), Duration.ofSeconds(1)))
                .hasMessage("properties: 'bootstrap.servers' (expected: messaging.kafka.bootstrap-servers instead)");
        assertThatThrownBy(() -> new MessagingConfig.ConsumerSettings(
                        0, 500, "earliest", 4, Duration.ofMillis(1), Duration.ofSeconds(1), ".DLT", Duration.ofDays(1)))
                .hasMessage("concurrency: 0 (expected: 1-1024)");
        assertThatThrownBy(() -> new MessagingConfig.ConsumerSettings(
                        1, 500, "newest", 4, Duration.ofMillis(1), Duration.ofSeconds(1), ".DLT", Duration.ofDays(1)))
                .hasMessage("auto-offset-reset: 'newest' (expected: earliest or latest)");
        assertThatThrownBy(() -> new MessagingConfig.Retry(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessage("max-backoff: 1s (expected: 5s-10m)");
        assertThatThrownBy(() -> new MessagingConfig.OutboxSettings(
                        true, "Main", true, Duration.ofMillis(50), 500, Duration.ofSeconds(10)))
                .hasMessage("source: 'Main' (expected: the name of a data source, such as main)");
    }

    @Test
    void aBadKeyInAFileIsNamedWithItsSource() {
        Config config = Config.builder()
                .yaml("app.yaml", "messaging: {consumer: {concurrency: 0}}")
                .build();

        assertThatThrownBy(() -> ConfigBinding.bind(config, List.of(MessagingConfig.SECTION)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("messaging.consumer.concurrency")
                .hasMessageContaining("app.yaml")
                .hasMessageContaining("concurrency: 0 (expected: 1-1024)");
    }

    @Test
    void secretPropertiesAreMaskedWhenPrinted() {
        MessagingConfig.Kafka kafka = new MessagingConfig.Kafka(
                "k:9093",
                Map.of(
                        "sasl.jaas.config",
                        "ScramLoginModule required password=\"hunter2\";",
                        "security.protocol",
                        "SASL_SSL"),
                Duration.ofSeconds(1));

        assertThat(kafka.toString())
                .isEqualTo("Kafka[bootstrapServers=k:9093, properties={sasl.jaas.config=******,"
                        + " security.protocol=SASL_SSL}, requestTimeout=1s]");
    }
}
