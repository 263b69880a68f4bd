package dev.chassis.observability.internal;

import dev.chassis.core.lifecycle.LifecycleParticipant;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last minute of {@link MeterReading}s for the status page: one every sample interval, on a
 * daemon thread of its own while the service runs, in a ring that holds a minute and one more
 * reading, so the memory it takes is bounded by the number of routes and downstreams, never by
 * time. Thread-safe.
 */
public final class StatusSampler implements LifecycleParticipant {
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(StatusSampler.class);

    private final MeterRegistry registry;
    private final Duration interval;
    private final LongSupplier nanoTime;
    private final int capacity;
    private final ArrayDeque<MeterReading> ring;
    private @Nullable ScheduledExecutorService scheduler;

    public StatusSampler(MeterRegistry registry, Duration interval) {
        this(registry, interval, System::nanoTime);
    }

    StatusSampler(MeterRegistry registry, Duration interval, LongSupplier nanoTime) {
        this.registry = registry;
        this.interval = interval;
        this.nanoTime = nanoTime;
        this.capacity = (int) Math.ceil((double) WINDOW.toMillis() / interval.toMillis()) + 1;
        this.ring = new ArrayDeque<>(capacity);
    }

    /** Readings the ring holds at most: a minute of intervals and the reading they start from. */
    int capacity() {
        return capacity;
    }

    Duration interval() {
        return interval;
    }

    /** Takes a reading now and keeps it, dropping the oldest when the ring is full. */
    void sample() {
        MeterReading reading = MeterReading.read(registry, nanoTime.getAsLong());
        synchronized (ring) {
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(reading);
        }
    }

    /** A reading now, not kept. */
    MeterReading now() {
        return MeterReading.read(registry, nanoTime.getAsLong());
    }

    /** The readings kept, oldest first. */
    List<MeterReading> readings() {
        synchronized (ring) {
            return new ArrayList<>(ring);
        }
    }

    @Override
    public String name() {
        return "status page sampler";
    }

    @Override
    public int phase() {
        return ObservabilityParticipants.PHASE_LAST;
    }

    @Override
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chassis-status-sampler");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        s.scheduleAtFixedRate(this::sampleSafely, 0, millis, TimeUnit.MILLISECONDS);
        scheduler = s;
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            // A meter that throws must not end the sampling: the next tick tries again.
            log.warn("status page sample failed", e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
            scheduler = null;
        }
    }
}
