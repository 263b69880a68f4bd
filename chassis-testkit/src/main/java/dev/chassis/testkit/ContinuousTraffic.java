package dev.chassis.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * Calls without pause from a few threads while a test stops and restarts instances: the drain
 * helper for traffic, not a burst. Each call is the caller's own (the chassis client through
 * discovery, with its retries) and returns a label for what answered (the instance's port, say);
 * a call that throws is a failure, kept with its reason.
 *
 * <pre>{@code
 * try (ContinuousTraffic traffic = ContinuousTraffic.start(4,
 *         () -> clients.get("accounts").get("/whoami").send(WhoAmI.class).port())) {
 *     traffic.awaitAnswersFrom(a.port(), b.port());
 *     a.terminate();
 *     b.terminate();
 *     b.start();
 *     traffic.awaitAnswersFrom(b.port());
 *     traffic.stop().assertNoFailures();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ContinuousTraffic implements AutoCloseable {
    /** One call; returns what answered. */
    @FunctionalInterface
    public interface Call {
        /** Makes the call; throws when it fails. */
        Object call() throws Exception;
    }

    private final Call call;
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder sent = new LongAdder();
    private final ConcurrentMap<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> recent = new ConcurrentHashMap<>();
    private final LongAdder failed = new LongAdder();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile TrafficReport report;

    private ContinuousTraffic(int threads, Call call) {
        this.call = call;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::loop, "traffic-" + i);
            t.setDaemon(true);
            this.threads.add(t);
        }
        this.threads.forEach(Thread::start);
    }

    /**
     * Starts calling.
     *
     * @param threads how many callers call at once (1-256)
     * @throws IllegalArgumentException if threads is out of range
     */
    public static ContinuousTraffic start(int threads, Call call) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: 1-256)");
        }
        return new ContinuousTraffic(threads, requireNonNull(call, "call"));
    }

    private void loop() {
        while (running) {
            sent.increment();
            try {
                String label = String.valueOf(call.call());
                answers.computeIfAbsent(label, l -> new AtomicInteger()).incrementAndGet();
                recent.computeIfAbsent(label, l -> new AtomicInteger()).incrementAndGet();
            } catch (Exception e) {
                failed.increment();
                if (failures.size() < 100) {
                    failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * Waits (up to 30 s) until each label has answered since this was last called: proof that
     * traffic reaches those instances now.
     */
    public ContinuousTraffic awaitAnswersFrom(Object... labels) {
        recent.clear();
        BooleanSupplier all = () -> {
            for (Object label : labels) {
                AtomicInteger n = recent.get(String.valueOf(label));
                if (n == null || n.get() == 0) {
                    return false;
                }
            }
            return true;
        };
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(all::getAsBoolean);
        return this;
    }

    /** Keeps the traffic going for a while. */
    public ContinuousTraffic runFor(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /** Stops calling, waits for the calls in flight, and reports. Safe to call more than once. */
    public synchronized TrafficReport stop() {
        if (report != null) {
            return report;
        }
        running = false;
        for (Thread t : threads) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<String, Integer> by = new TreeMap<>();
        answers.forEach((label, n) -> by.put(label, n.get()));
        report = new TrafficReport(sent.intValue(), failed.intValue(), by, List.copyOf(failures));
        return report;
    }

    @Override
    public void close() {
        stop();
    }
}
