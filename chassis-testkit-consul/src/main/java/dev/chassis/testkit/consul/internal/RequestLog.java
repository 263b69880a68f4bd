package dev.chassis.testkit.consul.internal;

import dev.chassis.testkit.consul.model.RecordedRequest;
import java.util.ArrayDeque;
import java.util.List;

/** The requests received, oldest first, the oldest dropped beyond a bound. Thread-safe. */
public final class RequestLog {
    private static final int MAX = 100_000;

    private final ArrayDeque<RecordedRequest> requests = new ArrayDeque<>();

    synchronized void add(RecordedRequest request) {
        if (requests.size() == MAX) {
            requests.removeFirst();
        }
        requests.addLast(request);
    }

    /** A copy of what was received. */
    public synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(requests);
    }

    /** Forgets what was received. */
    public synchronized void clear() {
        requests.clear();
    }
}
