package dev.chassis.security.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The module's meters, in the component's registry when it has one: tokens by outcome and
 * reason, key set fetches, the key set's age, access refused, credentials sent by mode and
 * token endpoint calls. Tags hold bounded words, never a token or a claim value. Thread-safe.
 */
public final class SecurityMeters {
    private final @Nullable MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    public SecurityMeters(@Nullable MeterRegistry registry) {
        this.registry = registry;
    }

    /** A token accepted ({@code verified}, {@code cached}, {@code introspected}) or refused, with why. */
    public void token(String outcome, String reason) {
        count("security.tokens", "Bearer tokens accepted and refused, by reason", "outcome", outcome, "reason", reason);
    }

    /** A request refused for lacking rights. */
    public void denied(String reason) {
        count("security.access.denied", "Authenticated requests refused for lacking rights", "reason", reason);
    }

    /** A key set or discovery fetch, {@code success} or {@code failure}, and what set it off. */
    public void jwksFetch(String outcome, String trigger) {
        count(
                "security.jwks.fetches",
                "Key set fetches by outcome and trigger",
                "outcome",
                outcome,
                "trigger",
                trigger);
    }

    /** A credential added to an outbound attempt. */
    public void credentialSent(String downstream, String mode) {
        count(
                "security.client.credentials",
                "Outbound attempts given a credential, by downstream and mode",
                "downstream",
                downstream,
                "mode",
                mode);
    }

    /** A token endpoint call, {@code success} or {@code failure}. */
    public void tokenRequest(String outcome) {
        count("security.token.requests", "Client-credentials token requests by outcome", "outcome", outcome);
    }

    /** Registers the key set's gauges. */
    public void keySetGauges(Supplier<Double> ageSeconds, Supplier<Double> keys) {
        if (registry == null) {
            return;
        }
        Gauge.builder("security.jwks.age", ageSeconds, Supplier::get)
                .description("Seconds since the key set in use was fetched; -1 before the first")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
        Gauge.builder("security.jwks.keys", keys, Supplier::get)
                .description("Keys in the key set in use")
                .strongReference(true)
                .register(registry);
    }

    private void count(String name, String description, String... tags) {
        if (registry == null) {
            return;
        }
        String id = name + String.join("|", tags);
        Counter c = counters.get(id);
        if (c == null) {
            c = counters.computeIfAbsent(
                    id,
                    k -> Counter.builder(name)
                            .description(description)
                            .tags(tags)
                            .register(registry));
        }
        c.increment();
    }
}
