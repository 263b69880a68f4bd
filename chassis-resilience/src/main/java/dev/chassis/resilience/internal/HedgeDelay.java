package dev.chassis.resilience.internal;

import dev.chassis.resilience.config.HedgeConfig;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How long a call waits before its hedge: the fixed delay, or the downstream's observed latency at
 * the configured percentile. Latencies are kept by a Micrometer timer of this object's own (its
 * decaying percentile histogram, not exported: {@code /metrics} already has the client's timers),
 * and the percentile is read from it at most once a second. Thread-safe.
 */
final class HedgeDelay {
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long fixedNanos;
    private final long minNanos;
    private final int minObservations;
    private final LongSupplier clock;
    private final @Nullable Timer latencies;
    private final @Nullable WindowedCounter observed;
    private volatile long cachedNanos;
    private volatile long cachedAt;

    HedgeDelay(HedgeConfig config, LongSupplier clock) {
        this.fixedNanos = config.delay().toNanos();
        this.minNanos = config.minDelay().toNanos();
        this.minObservations = config.minObservations();
        this.clock = clock;
        if (config.percentile() == 0) {
            latencies = null;
            observed = null;
        } else {
            latencies = Timer.builder("hedge.latency")
                    .publishPercentiles(config.percentile())
                    .distributionStatisticExpiry(config.window())
                    .distributionStatisticBufferLength(3)
                    .register(new SimpleMeterRegistry());
            observed = new WindowedCounter(config.window().toNanos());
        }
        this.cachedNanos = fixedNanos;
        this.cachedAt = clock.getAsLong() - REFRESH_NANOS;
    }

    /** Records how long an answered attempt took. */
    void observe(long nanos) {
        if (latencies != null && observed != null) {
            latencies.record(nanos, TimeUnit.NANOSECONDS);
            observed.add(clock.getAsLong());
        }
    }

    /** The wait before a hedge now. */
    long nanos() {
        Timer timer = latencies;
        if (timer == null || observed == null) {
            return fixedNanos;
        }
        long now = clock.getAsLong();
        if (now - cachedAt < REFRESH_NANOS) {
            return cachedNanos;
        }
        long next = fixedNanos;
        if (observed.sum(now) >= minObservations) {
            ValueAtPercentile[] values = timer.takeSnapshot().percentileValues();
            if (values.length > 0 && values[0].value() > 0) {
                next = Math.max(minNanos, (long) values[0].value(TimeUnit.NANOSECONDS));
            }
        }
        cachedNanos = next;
        cachedAt = now;
        return next;
    }
}
