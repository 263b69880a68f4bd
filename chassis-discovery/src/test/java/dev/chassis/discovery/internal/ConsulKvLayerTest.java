package dev.chassis.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.model.kv.ImmutableValue;
import org.kiwiproject.consul.model.kv.Value;

class ConsulKvLayerTest {
    private static Value value(String key, String text) {
        ImmutableValue.Builder b = ImmutableValue.builder()
                .key(key)
                .createIndex(1)
                .modifyIndex(1)
                .lockIndex(0)
                .flags(0);
        if (text != null) {
            b.value(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        }
        return b.build();
    }

    @Test
    void keysBelowThePrefixWithSlashesAsDotsAreConfigurationKeys() {
        Map<String, String> keys = ConsulKvLayer.keys(
                "config/orders/",
                List.of(
                        value("config/orders/", null),
                        value("config/orders/clients/", null),
                        value("config/orders/clients/accounts/response-timeout", "2s"),
                        value("config/orders/observability/logging/levels/com.acme", "DEBUG"),
                        value("config/orders/service/version", null),
                        value("config/other/server/port", "1")));

        assertThat(keys)
                .containsExactly(
                        Map.entry("clients.accounts.response-timeout", "2s"),
                        Map.entry("observability.logging.levels.com.acme", "DEBUG"),
                        Map.entry("service.version", ""));
    }

    @Test
    void noEntriesAreNoKeys() {
        assertThat(ConsulKvLayer.keys("config/orders/", null)).isEmpty();
    }
}
