package dev.chassis.messaging.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A group's meters: handled, failed, dead-lettered, duplicates, skipped, handler duration. Thread-safe. */
final class ConsumerMetrics {
    private final MeterRegistry registry;
    private final String group;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    ConsumerMetrics(MeterRegistry registry, String group) {
        this.registry = registry;
        this.group = group;
    }

    MeterRegistry registry() {
        return registry;
    }

    void consumed(String topic) {
        counter("messaging.consumer.consumed", "Events a handler of the group handled", topic, null)
                .increment();
    }

    void failed(String topic) {
        counter("messaging.consumer.failed", "Handler attempts that threw; each retry counts", topic, null)
                .increment();
    }

    void deadLettered(String topic, String reason) {
        counter("messaging.consumer.dead.lettered", "Records sent to the dead-letter topic, by reason", topic, reason)
                .increment();
    }

    void duplicate(String topic) {
        counter("messaging.consumer.duplicates", "Redelivered events the inbox recognised and skipped", topic, null)
                .increment();
    }

    void skipped(String topic) {
        counter("messaging.consumer.skipped", "Events of a type no handler of the group takes", topic, null)
                .increment();
    }

    void duration(String topic, String type, String outcome, long nanos) {
        timers.computeIfAbsent(
                        topic + "|" + type + "|" + outcome,
                        k -> Timer.builder("messaging.consumer.handler.duration")
                                .description("Time of each handler attempt")
                                .tag("topic", topic)
                                .tag("group", group)
                                .tag("type", type)
                                .tag("outcome", outcome)
                                .publishPercentileHistogram()
                                .register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private Counter counter(String name, String description, String topic, String reason) {
        return counters.computeIfAbsent(name + "|" + topic + "|" + reason, k -> {
            Counter.Builder b = Counter.builder(name)
                    .description(description)
                    .tag("topic", topic)
                    .tag("group", group);
            if (reason != null) {
                b.tag("reason", reason);
            }
            return b.register(registry);
        });
    }
}
