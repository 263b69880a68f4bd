package dev.chassis.messaging.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.data.Transactions;
import dev.chassis.messaging.event.Event;
import dev.chassis.messaging.event.EventRejectedException;
import dev.chassis.messaging.event.MessageHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Handles one record of a group: finds its handler by topic and type, binds the payload, runs the
 * handler (in a transaction with the inbox row for {@code handleOnce}) with the event's
 * correlation ID in the MDC and a consumer span current, retries with backoff, and sends what
 * cannot be handled to the dead-letter topic with the reason and the original headers. Answers
 * whether the record is done (its offset may be committed); it is not when the group stops in
 * the middle. Thread-safe.
 */
final class RecordHandler {
    private static final Logger log = LoggerFactory.getLogger(RecordHandler.class);
    private static final Pattern CORRELATION = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String INBOX =
            "INSERT INTO chassis_inbox (consumer_group, event_id, topic, handled_at)" + " VALUES (?, ?, ?, ?)";
    private static final String UNIQUE_VIOLATION = "23505";

    private final SubscriptionRegistry.GroupRoutes routes;
    private final ObjectMapper mapper;
    private final MessagingTracing tracing;
    private final ConsumerMetrics metrics;
    private final @Nullable Transactions transactions;
    private final DirectPublisher producers;
    private final String deadLetterSuffix;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Backoff dltBackoff;
    private final CountDownLatch stopping;
    private final Map<String, Boolean> unhandledTypes = new java.util.concurrent.ConcurrentHashMap<>();

    RecordHandler(
            SubscriptionRegistry.GroupRoutes routes,
            ObjectMapper mapper,
            MessagingTracing tracing,
            ConsumerMetrics metrics,
            @Nullable Transactions transactions,
            DirectPublisher producers,
            dev.chassis.messaging.config.MessagingConfig config,
            CountDownLatch stopping) {
        this.routes = routes;
        this.mapper = mapper;
        this.tracing = tracing;
        this.metrics = metrics;
        this.transactions = transactions;
        this.producers = producers;
        this.deadLetterSuffix = config.consumer().deadLetterSuffix();
        this.maxAttempts = config.consumer().maxAttempts();
        this.backoff = new Backoff(
                config.consumer().initialBackoff(), config.consumer().maxBackoff());
        this.dltBackoff =
                new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff());
        this.stopping = stopping;
    }

    /** Thrown inside the transaction when the inbox has the event already. */
    private static final class Duplicate extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Duplicate() {
            super(null, null, false, false);
        }
    }

    boolean handle(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = headers(record);
        String topic = record.topic();
        String where = topic + "-" + record.partition() + "@" + record.offset();
        String type = headers.get(MessageHeaders.TYPE);
        if (type == null) {
            return deadLetter(
                    record,
                    headers,
                    "poison",
                    "no " + MessageHeaders.TYPE
                            + " header: not an event in the chassis' format (CloudEvents binary mode)",
                    null,
                    0,
                    where);
        }
        Route<?> route = routes.routes().getOrDefault(topic, Map.of()).get(type);
        if (route == null) {
            metrics.skipped(topic);
            if (unhandledTypes.putIfAbsent(topic + "|" + type, Boolean.TRUE) == null) {
                log.info(
                        "group '{}' skips events of type {} on topic '{}': no handler takes them (counted in"
                                + " messaging.consumer.skipped)",
                        routes.name(),
                        type,
                        topic);
            }
            return true;
        }
        String versionText = headers.getOrDefault(MessageHeaders.SCHEMA_VERSION, "1");
        int version;
        try {
            version = Integer.parseInt(versionText);
        } catch (NumberFormatException e) {
            version = 0;
        }
        int known = route.type().version();
        if (version < 1 || version > known) {
            String reason = (version < 1
                            ? "schema version '" + versionText + "' of " + type + " is not a version"
                            : "schema version " + version + " of " + type + " is newer than this consumer reads")
                    + " (expected: " + (known == 1 ? "1" : "1 to " + known) + ")";
            return deadLetter(record, headers, "unknown-version", reason, null, 0, where);
        }
        Object payload;
        try {
            payload = mapper.readValue(
                    record.value() == null ? new byte[0] : record.value(),
                    route.type().payloadType());
        } catch (Exception e) {
            String reason = "payload is not a valid " + type + ": " + firstLine(e.getMessage());
            return deadLetter(record, headers, "poison", reason, e, 0, where);
        }
        return run(record, headers, route, version, payload, where);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean run(
            ConsumerRecord<byte[], byte[]> record,
            Map<String, String> headers,
            Route route,
            int version,
            Object payload,
            String where) {
        String id = headers.getOrDefault(MessageHeaders.ID, where);
        String correlation = headers.get(MessageHeaders.CORRELATION_ID);
        if (correlation != null && !CORRELATION.matcher(correlation).matches()) {
            correlation = null;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        Event<Object> event = new Event<>(
                id,
                route.type().name(),
                version,
                record.topic(),
                record.partition(),
                record.offset(),
                key,
                payload,
                time(headers, record),
                correlation,
                headers);
        Span span =
                tracing.consumerSpan(headers, record.topic(), routes.name(), record.partition(), record.offset(), key);
        SpanContext sc = span.getSpanContext();
        MDC.put(MessageHeaders.CORRELATION_MDC_KEY, correlation != null ? correlation : id);
        if (sc.isValid()) {
            MDC.put("traceId", sc.getTraceId());
            MDC.put("spanId", sc.getSpanId());
        }
        try (Scope ignored = span.makeCurrent()) {
            Exception last = null;
            for (int attempt = 1; attempt <= maxAttempts; attempt++) {
                long start = System.nanoTime();
                try {
                    invoke(route, event);
                    metrics.duration(record.topic(), route.type().name(), "success", System.nanoTime() - start);
                    metrics.consumed(record.topic());
                    return true;
                } catch (Duplicate d) {
                    metrics.duplicate(record.topic());
                    log.debug("event {} was handled before by group '{}'; skipped", id, routes.name());
                    return true;
                } catch (EventRejectedException e) {
                    metrics.duration(record.topic(), route.type().name(), "failure", System.nanoTime() - start);
                    MessagingTracing.fail(span, e);
                    return deadLetter(
                            record,
                            headers,
                            "rejected",
                            "rejected by the handler: " + e.getMessage(),
                            e,
                            attempt,
                            where);
                } catch (Exception e) {
                    metrics.duration(record.topic(), route.type().name(), "failure", System.nanoTime() - start);
                    metrics.failed(record.topic());
                    last = e;
                    if (Thread.currentThread().isInterrupted()) {
                        return false;
                    }
                    if (attempt < maxAttempts) {
                        Duration wait = backoff.after(attempt);
                        log.info(
                                "{} {} at {} failed (attempt {} of {}), trying again in {} ms: {}",
                                route.type().name(),
                                id,
                                where,
                                attempt,
                                maxAttempts,
                                wait.toMillis(),
                                e.toString());
                        if (pause(wait)) {
                            return false;
                        }
                    }
                }
            }
            MessagingTracing.fail(span, last);
            return deadLetter(
                    record,
                    headers,
                    "failed",
                    "the handler failed " + maxAttempts + " time(s); last: " + last,
                    last,
                    maxAttempts,
                    where);
        } finally {
            span.end();
            MDC.remove(MessageHeaders.CORRELATION_MDC_KEY);
            MDC.remove("traceId");
            MDC.remove("spanId");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void invoke(Route route, Event<Object> event) throws Exception {
        if (route.handler() != null) {
            route.handler().handle(event);
            return;
        }
        if (transactions == null) {
            throw new IllegalStateException(
                    "handleOnce needs the outbox's data source (messaging.outbox.enabled is false)");
        }
        transactions.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(INBOX)) {
                insert.setString(1, routes.name());
                insert.setString(2, event.id());
                insert.setString(3, event.topic());
                insert.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
                insert.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new Duplicate();
                }
                throw e;
            }
            route.transactional().handle(c, event);
            return null;
        });
    }

    /** Sends the record to the dead-letter topic until Kafka takes it; false if the group stops first. */
    private boolean deadLetter(
            ConsumerRecord<byte[], byte[]> record,
            Map<String, String> headers,
            String reasonTag,
            String reason,
            @Nullable Throwable failure,
            int attempts,
            String where) {
        String dlt = record.topic() + deadLetterSuffix;
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(dlt, null, record.key(), record.value());
        for (Header h : record.headers()) {
            out.headers().add(h);
        }
        add(out, MessageHeaders.DLT_REASON, reason);
        if (failure != null) {
            add(out, MessageHeaders.DLT_EXCEPTION, failure.getClass().getName());
        }
        add(out, MessageHeaders.DLT_TOPIC, record.topic());
        add(out, MessageHeaders.DLT_PARTITION, Integer.toString(record.partition()));
        add(out, MessageHeaders.DLT_OFFSET, Long.toString(record.offset()));
        add(out, MessageHeaders.DLT_GROUP, routes.name());
        add(out, MessageHeaders.DLT_ATTEMPTS, Integer.toString(attempts));
        for (int tries = 1; ; tries++) {
            try {
                KafkaProducer<byte[], byte[]> producer = producers.sharedProducer();
                producer.send(out).get(60, TimeUnit.SECONDS);
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                Duration wait = dltBackoff.after(tries);
                log.warn(
                        "record {} cannot be written to dead-letter topic '{}' ({}); it is not committed, trying again in {} ms",
                        where,
                        dlt,
                        e.toString(),
                        wait.toMillis());
                if (pause(wait)) {
                    return false;
                }
            }
        }
        metrics.deadLettered(record.topic(), reasonTag);
        if (reasonTag.equals("poison")) {
            log.error(
                    "poison record {} (group '{}', event {}): {}; sent to dead-letter topic '{}'",
                    where,
                    routes.name(),
                    headers.getOrDefault(MessageHeaders.ID, "without ID"),
                    reason,
                    dlt);
        } else {
            log.warn(
                    "record {} (group '{}', event {}) sent to dead-letter topic '{}': {}",
                    where,
                    routes.name(),
                    headers.getOrDefault(MessageHeaders.ID, "without ID"),
                    dlt,
                    reason);
        }
        return true;
    }

    /** Waits; true when the group stops meanwhile. */
    private boolean pause(Duration wait) {
        try {
            return stopping.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void add(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().remove(name);
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            if (h.value() != null) {
                headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    private static Instant time(Map<String, String> headers, ConsumerRecord<byte[], byte[]> record) {
        String time = headers.get(MessageHeaders.TIME);
        if (time != null) {
            try {
                return Instant.parse(time);
            } catch (DateTimeParseException e) {
                // fall back to the record's own timestamp
            }
        }
        return Instant.ofEpochMilli(record.timestamp());
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
