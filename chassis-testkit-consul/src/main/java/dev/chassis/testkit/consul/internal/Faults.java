package dev.chassis.testkit.consul.internal;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** The faults a test has asked for. Thread-safe. */
public final class Faults {
    /** Answer the next {@code remaining} requests under a path prefix with this status and body. */
    record Failure(String pathPrefix, AtomicInteger remaining, int status, String body) {}

    private final ConcurrentLinkedDeque<Failure> failures = new ConcurrentLinkedDeque<>();
    private volatile boolean indexZero;
    private volatile Duration delay = Duration.ZERO;
    private volatile @Nullable Duration lastContact;

    /** Reports every index as 0. */
    public void forceIndexZero(boolean on) {
        indexZero = on;
    }

    boolean indexZero() {
        return indexZero;
    }

    /** Delays every answer; zero for none. */
    public void slowResponses(Duration delay) {
        this.delay = delay;
    }

    Duration delay() {
        return delay;
    }

    /** Answers reads as a server that lost its leader this long ago; null for a healthy cluster. */
    public void staleAnswers(@Nullable Duration lastContact) {
        this.lastContact = lastContact;
    }

    @Nullable
    Duration lastContact() {
        return lastContact;
    }

    /** Queues a failure for requests under a path prefix. */
    public void fail(String pathPrefix, int times, int status, String body) {
        failures.add(new Failure(pathPrefix, new AtomicInteger(times), status, body));
    }

    /** Takes one use of the first failure queued for this path, if any. */
    @Nullable
    Failure take(String path) {
        for (Iterator<Failure> it = failures.iterator(); it.hasNext(); ) {
            Failure f = it.next();
            if (path.startsWith(f.pathPrefix())) {
                int left = f.remaining().getAndDecrement();
                if (left <= 1) {
                    it.remove();
                }
                if (left >= 1) {
                    return f;
                }
            }
        }
        return null;
    }

    /** Clears every fault. */
    public void clear() {
        failures.clear();
        indexZero = false;
        delay = Duration.ZERO;
        lastContact = null;
    }
}
