package dev.chassis.observability.internal;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.concurrent.atomic.LongAdder;

/**
 * Logback's async appender set never to block the logging thread: when its queue is full a new
 * event is dropped, and counted. The count is exact when one thread logs at a time and close
 * under contention (a slot can free between the check and the offer).
 */
public final class CountingAsyncAppender extends AsyncAppender {
    private final LongAdder dropped = new LongAdder();

    public CountingAsyncAppender() {
        setNeverBlock(true);
        setDiscardingThreshold(0);
        setIncludeCallerData(false);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (isStarted() && getRemainingCapacity() == 0) {
            dropped.increment();
            return;
        }
        super.append(event);
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }
}
