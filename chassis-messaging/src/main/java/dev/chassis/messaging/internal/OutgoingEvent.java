package dev.chassis.messaging.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * An event ready to be written: its JSON payload and every header, as the outbox stores it and the
 * producer sends it.
 */
record OutgoingEvent(
        String id, String topic, @Nullable String key, String type, byte[] payload, Map<String, String> headers) {

    ProducerRecord<byte[], byte[]> toRecord() {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8), payload);
        headers.forEach(
                (name, value) -> record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return record;
    }
}
