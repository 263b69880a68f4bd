package dev.chassis.observability.internal;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.util.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;

/**
 * The chassis' async appender: logstash-logback-encoder's ring buffer (the LMAX Disruptor), set
 * never to block the logging thread. When the ring is full a new event is dropped and counted
 * ({@code log.events.dropped}).
 *
 * <p>The worker wakes every {@value #IDLE_PARK_MILLIS} ms when there is nothing to write, rather
 * than being signalled for each event: under load a request thread then only publishes into the
 * ring, and the worker writes what accumulated in one batch, flushing stdout once at the end of
 * it. An event waits at most that long before it is written.
 */
public final class CountingAsyncAppender extends LoggingEventAsyncDisruptorAppender {
    /** How long the idle worker sleeps between looks at the ring. */
    static final int IDLE_PARK_MILLIS = 10;

    private final LongAdder dropped = new LongAdder();
    /**
     * An event was dropped and the base class has not yet appended one since: it counts the
     * drops in a row and reports them when the ring has room again, so it appends until then.
     */
    private volatile boolean dropping;

    public CountingAsyncAppender() {
        setAppendTimeout(Duration.buildByMilliseconds(0));
        setWaitStrategyType("sleeping{0," + IDLE_PARK_MILLIS * 1_000_000L + "}");
        setThreadNameFormat("chassis-log-%2$d");
        setDaemon(true);
    }

    /**
     * What the worker cannot learn later is taken from the logging thread: the formatted message,
     * the thread's name and its MDC. An access event is the exception: it carries its own
     * correlation and trace IDs and formats its message from its fields, so only the thread's
     * name is taken, and its message is formatted by the worker.
     */
    @Override
    protected void prepareForDeferredProcessing(ILoggingEvent event) {
        if (event instanceof LoggingEvent loggingEvent && isAccessEvent(event)) {
            loggingEvent.getThreadName();
            loggingEvent.setMDCPropertyMap(Map.of());
            return;
        }
        super.prepareForDeferredProcessing(event);
    }

    /**
     * An access event goes straight to the ring, without the base class' per-thread re-entry
     * guard (a thread-local read and two writes per event): on this thread it runs only the
     * chassis' own code, which does not log, so it cannot re-enter. Every other event keeps the
     * guard, since preparing it runs its arguments' {@code toString}, which is the application's.
     */
    @Override
    public void doAppend(ILoggingEvent event) {
        if (isStarted() && isAccessEvent(event)) {
            if (getFilterChainDecision(event) != FilterReply.DENY) {
                append(event);
            }
            return;
        }
        super.doAppend(event);
    }

    /**
     * As the base class appends with no wait for room, less its two clock reads per event, which
     * only time the call for appender listeners. With a listener, or while events are being
     * dropped, the base class appends.
     */
    @Override
    protected void append(ILoggingEvent event) {
        if (dropping || !listeners.isEmpty()) {
            super.append(event);
            return;
        }
        try {
            prepareForDeferredProcessing(event);
        } catch (RuntimeException e) {
            addWarn("Unable to prepare event for deferred processing. Event output might be missing data.", e);
        }
        if (!getDisruptor().getRingBuffer().tryPublishEvent(getEventTranslator(), event)) {
            // The base class tries once more, then counts, reports and drops it.
            dropping = true;
            super.append(event);
        }
    }

    private static boolean isAccessEvent(ILoggingEvent event) {
        return AccessLogListener.AccessEvent.of(event) != null;
    }

    /**
     * The base class appended an event: the drops in a row it counted, if any, are reported.
     * Nothing else listens for each appended event: no call per event.
     */
    @Override
    protected void fireEventAppended(ILoggingEvent event, long durationInNanos) {
        if (dropping) {
            dropping = false;
        }
        if (!listeners.isEmpty()) {
            super.fireEventAppended(event, durationInNanos);
        }
    }

    @Override
    protected void fireEventAppendFailed(ILoggingEvent event, Throwable reason) {
        dropped.increment();
        super.fireEventAppendFailed(event, reason);
    }

    /** Sets the ring's size: the queue size rounded up to a power of two, as the ring needs. */
    void setQueueSize(int events) {
        setRingBufferSize(Integer.highestOneBit(events - 1) << 1);
    }

    /** Events dropped because the ring was full. */
    public long dropped() {
        return dropped.sum();
    }
}
