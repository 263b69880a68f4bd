package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * The service's log events, captured as the JSON lines it would write to stdout. Printed to
 * stdout only when a test fails.
 *
 * <pre>{@code
 * TestResponse r = app.client().get("/hello/ann");
 * app.logs().assertCorrelated(r);  // every event of the request carries its correlation and trace IDs
 * assertThat(app.logs().await(e -> e.message().equals("greeting ann"))).hasSize(1);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Logs {
    private static final ObjectMapper json = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Buffer buffer = new Buffer();
    private volatile int testStart;

    /** The stream the service's console output is captured into. */
    OutputStream stream() {
        return buffer;
    }

    /** Marks where the current test's output begins. */
    void markTestStart() {
        testStart = buffer.size();
    }

    /** What the current test's part of the service wrote, for printing when it fails. */
    String currentTestText() {
        String all = buffer.text();
        return all.substring(Math.min(testStart, all.length()));
    }

    /** Every event captured so far; fails if a line is not JSON. */
    public List<LogEvent> events() {
        List<LogEvent> events = new ArrayList<>();
        for (String line : buffer.text().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(new LogEvent(json.readTree(line)));
            } catch (IOException e) {
                throw new AssertionError("a log line is not JSON: " + line, e);
            }
        }
        return events;
    }

    /** The events captured so far that match. */
    public List<LogEvent> events(Predicate<LogEvent> match) {
        return events().stream().filter(match).toList();
    }

    /** Waits up to five seconds for at least one matching event, and returns the matching ones. */
    public List<LogEvent> await(Predicate<LogEvent> match) {
        return await(match, 1);
    }

    /** Waits up to five seconds for at least {@code count} matching events, and returns them. */
    public List<LogEvent> await(Predicate<LogEvent> match, int count) {
        Awaitility.await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> events(match).size() >= count);
        return events(match);
    }

    /** Forgets what was captured so far. */
    public void clear() {
        buffer.reset();
        testStart = 0;
    }

    /**
     * Asserts that the request was correlated end to end: its access-log event carries the
     * response's correlation ID and a trace ID; every event with that correlation ID carries that
     * trace ID and every event with that trace ID carries that correlation ID; and every event that
     * belongs to the request carries a correlation ID.
     *
     * <p>An event belongs to the request when it was written while the request was handled (from
     * the moment it was sent until its answer arrived) on a thread that worked for it: one that
     * wrote an event of the request, the chassis' request threads, and any thread that is not one
     * of the chassis' own background threads ({@code chassis-*} threads that serve no request:
     * Consul watches, schedulers, the log writer). So a line written on a team's own executor,
     * which did not carry the request's context over, fails the assertion, naming the thread. A span
     * line of the request's trace (the logging exporter's) is correlated by its trace ID.
     * Send one request at a time while asserting: an event of a team's background thread written
     * in the window counts as the request's.
     */
    public void assertCorrelated(TestResponse response) {
        String correlationId = response.correlationId();
        LogEvent access = await(
                        e -> e.logger().equals("access") && e.correlationId().equals(correlationId))
                .get(0);
        String traceId = access.traceId();
        assertThat(traceId).as("trace ID of the access-log event %s", access).matches("[0-9a-f]{32}");
        Instant from = Instant.now().minusNanos(System.nanoTime() - response.sentNanos());
        Instant to = Instant.now().minusNanos(System.nanoTime() - response.receivedNanos());
        List<LogEvent> events = events();
        java.util.Set<String> workedForIt = new java.util.HashSet<>();
        for (LogEvent e : events) {
            if (e.correlationId().equals(correlationId)) {
                workedForIt.add(e.thread());
            }
        }
        for (LogEvent e : events) {
            if (e.correlationId().equals(correlationId)) {
                assertThat(e.traceId()).as("trace ID of %s", e).isEqualTo(traceId);
            }
            if (e.traceId().equals(traceId)) {
                assertThat(e.correlationId()).as("correlation ID of %s", e).isEqualTo(correlationId);
            }
            Instant at = Instant.parse(e.field("@timestamp"));
            boolean during = !at.isBefore(from) && !at.isAfter(to);
            // A span the logging exporter writes after the request's context is gone names its
            // trace: it is correlated by that.
            boolean spanOfTheRequest = e.field("span.traceId").equals(traceId);
            if (during && !spanOfTheRequest && (workedForIt.contains(e.thread()) || mayServeRequests(e.thread()))) {
                assertThat(e.correlationId())
                        .as(
                                "an event of the request (written on thread %s while it was handled) without its"
                                        + " correlation ID: %s",
                                e.thread(), e)
                        .isNotEmpty();
            }
        }
    }

    /**
     * Whether a thread may do a request's work: the chassis' request threads, and every thread the
     * chassis did not name (a team's executors, a library's); not the chassis' background threads.
     */
    static boolean mayServeRequests(String thread) {
        if (!thread.startsWith("chassis-")) {
            return true;
        }
        return thread.startsWith("chassis-handler-")
                || thread.startsWith("chassis-worker")
                || thread.startsWith("chassis-task")
                || thread.startsWith("chassis-io")
                || thread.startsWith("chassis-local");
    }

    @Override
    public String toString() {
        return buffer.text();
    }

    /** A byte buffer the service writes to from its logging thread and tests read. */
    private static final class Buffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized int size() {
            return bytes.size();
        }

        synchronized void reset() {
            bytes.reset();
        }
    }
}
