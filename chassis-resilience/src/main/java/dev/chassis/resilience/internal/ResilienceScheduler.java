package dev.chassis.resilience.internal;

import dev.chassis.core.lifecycle.LifecycleParticipant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one scheduler of the module's timers: retry waits, and waits for a bulkhead or a rate
 * limiter (attempt timeouts are kept by the attempts themselves). Two daemon threads that only start attempts and complete futures, never block;
 * shut down when the service stops.
 */
public final class ResilienceScheduler {
    private ResilienceScheduler() {}

    public static ScheduledExecutorService create() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "chassis-resilience-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, threads);
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    /** Stops the scheduler after the HTTP server has drained, with the clients. */
    public static LifecycleParticipant shutdownOnStop(ScheduledExecutorService scheduler) {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return "resilience scheduler";
            }

            @Override
            public int phase() {
                return PHASE_RESOURCES;
            }

            @Override
            public void stop() {
                scheduler.shutdownNow();
            }
        };
    }
}
