package dev.chassis.observability.internal;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.util.Duration;
import java.util.concurrent.atomic.LongAdder;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import net.logstash.logback.appender.listener.AppenderListener;

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
        addListener(new AppenderListener<>() {
            @Override
            public void eventAppendFailed(Appender<ILoggingEvent> appender, ILoggingEvent event, Throwable reason) {
                dropped.increment();
            }
        });
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
