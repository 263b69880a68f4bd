package dev.chassis.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.KeyValueClient;
import org.kiwiproject.consul.model.kv.Value;
import org.kiwiproject.consul.option.ImmutablePutOptions;

/** The KV store through the client: values travel base64 inside JSON. */
class KvIT {
    private FakeConsul consul;
    private Consul client;
    private KeyValueClient kv;

    @BeforeEach
    void start() {
        consul = FakeConsul.start(TestConsul.fast());
        client = TestConsul.client(consul);
        kv = client.keyValueClient();
    }

    @AfterEach
    void stop() {
        client.destroy();
        consul.close();
    }

    @Test
    void putThenGetRoundTripsTheValue() {
        assertThat(kv.putValue("config/orders/limit", "héllo wörld")).isTrue();

        Value value = kv.getValue("config/orders/limit").orElseThrow();
        assertThat(value.getKey()).isEqualTo("config/orders/limit");
        assertThat(value.getValue())
                .contains(Base64.getEncoder().encodeToString("héllo wörld".getBytes(StandardCharsets.UTF_8)));
        assertThat(value.getValueAsString(StandardCharsets.UTF_8)).contains("héllo wörld");
        assertThat(value.getCreateIndex()).isEqualTo(value.getModifyIndex()).isEqualTo(consul.index());
        assertThat(consul.value("config/orders/limit")).contains("héllo wörld");
    }

    @Test
    void binaryValuesSurviveTheBase64() {
        byte[] bytes = {0, (byte) 0xff, (byte) 0xfe, 10, 13, 0};
        kv.putValue("blob", bytes, 0, ImmutablePutOptions.builder().build());

        assertThat(Base64.getDecoder()
                        .decode(kv.getValue("blob").orElseThrow().getValue().orElseThrow()))
                .containsExactly(bytes);
    }

    @Test
    void rewriteKeepsCreateIndexAndMovesModifyIndex() {
        kv.putValue("k", "1");
        Value first = kv.getValue("k").orElseThrow();
        kv.putValue("k", "2", 42);

        Value second = kv.getValue("k").orElseThrow();
        assertThat(second.getCreateIndex()).isEqualTo(first.getCreateIndex());
        assertThat(second.getModifyIndex()).isGreaterThan(first.getModifyIndex());
        assertThat(second.getFlags()).isEqualTo(42);
    }

    @Test
    void missingKeyIsAbsent() {
        assertThat(kv.getValue("nope")).isEmpty();
        assertThat(kv.getValues("nope/")).isEmpty();
    }

    @Test
    void recurseListsEveryKeyUnderThePrefixInOrder() {
        kv.putValue("config/b", "2");
        kv.putValue("config/a", "1");
        kv.putValue("config/sub/c", "3");
        kv.putValue("configuration", "x");

        assertThat(kv.getValues("config/"))
                .extracting(Value::getKey)
                .containsExactly("config/a", "config/b", "config/sub/c");
        assertThat(kv.getValues("")).hasSize(4);
        assertThat(kv.getKeys("config/")).containsExactly("config/a", "config/b", "config/sub/c");
        assertThat(kv.getKeys("config/", "/")).containsExactly("config/a", "config/b", "config/sub/");
    }

    @Test
    void deleteOneKeyOrAPrefix() {
        kv.putValue("config/a", "1");
        kv.putValue("config/b", "2");
        kv.putValue("other", "3");

        kv.deleteKey("config/a");
        assertThat(kv.getValue("config/a")).isEmpty();
        assertThat(kv.getValue("config/b")).isPresent();

        kv.deleteKeys("config/");
        assertThat(kv.getValues("config/")).isEmpty();
        assertThat(kv.getValue("other")).isPresent();
        assertThat(consul.value("config/b")).isEmpty();
    }

    @Test
    void checkAndSetWritesOnlyOverTheExpectedIndex() {
        assertThat(kv.putValue(
                        "lock", "a", 0, ImmutablePutOptions.builder().cas(0L).build()))
                .isTrue();
        assertThat(kv.putValue(
                        "lock", "b", 0, ImmutablePutOptions.builder().cas(0L).build()))
                .isFalse();
        long index = kv.getValue("lock").orElseThrow().getModifyIndex();

        assertThat(kv.putValue(
                        "lock",
                        "c",
                        0,
                        ImmutablePutOptions.builder().cas(index + 100).build()))
                .isFalse();
        assertThat(kv.putValue(
                        "lock", "d", 0, ImmutablePutOptions.builder().cas(index).build()))
                .isTrue();
        assertThat(kv.getValueAsString("lock")).contains("d");
    }

    @Test
    void valuesSeededByTheTestAreServed() {
        consul.putValue("config/orders/timeout", "5s");

        assertThat(kv.getValuesAsString("config/orders/")).isEqualTo(List.of("5s"));
    }
}
