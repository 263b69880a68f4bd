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

    private static boolean isAccessEvent(ILoggingEvent event) {
        return AccessLogListener.AccessEvent.of(event) != null;
    }

    /** Nothing listens for each appended event: no call per event. */
    @Override
    protected void fireEventAppended(ILoggingEvent event, long durationInNanos) {
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
