package dev.chassis.observability.internal;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.util.ReentryGuard;
import ch.qos.logback.core.util.ReentryGuardFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import net.logstash.logback.encoder.StreamingEncoder;

/**
 * The console appender behind the chassis' async appender, called only by its worker thread.
 *
 * <p>Three costs of the plain console appender are left out: the per-thread re-entry guard
 * (what the worker logs goes to the async appender's ring, never straight here, so it cannot
 * re-enter); the array each JSON event is first copied into (the event is encoded into a buffer
 * kept for the next one, then written to the stream); and preparing the event for deferred
 * processing a second time. The async appender prepared each event on the thread that logged it,
 * which is the only place where that matters; here it would format the message of an access
 * event, which the chassis' encoder writes from the event's fields without that string. An event
 * whose encoding fails writes nothing and is reported on logback's status, as before.
 */
final class WorkerConsoleAppender extends ConsoleAppender<ILoggingEvent> {
    /** A buffer that grew past this for a large event is not kept for the next one. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;

    private EventBuffer buffer = new EventBuffer();

    @Override
    protected ReentryGuard buildReentryGuard() {
        return ReentryGuardFactory.makeGuard(ReentryGuardFactory.GuardType.NOP);
    }

    /** As the base class does, without preparing the event again (it was, on its own thread). */
    @Override
    protected void subAppend(ILoggingEvent event) {
        if (!isStarted()) {
            return;
        }
        try {
            writeOut(event);
        } catch (IOException e) {
            // As the base class: a stream that failed is not written to again.
            started = false;
            addStatus(new ErrorStatus("IO failure in appender", this, e));
        }
    }

    @Override
    protected void writeOut(ILoggingEvent event) throws IOException {
        if (!(encoder instanceof StreamingEncoder<?>)) {
            super.writeOut(event);
            return;
        }
        @SuppressWarnings("unchecked")
        StreamingEncoder<ILoggingEvent> streaming = (StreamingEncoder<ILoggingEvent>) encoder;
        streamWriteLock.lock();
        try {
            buffer.reset();
            try {
                streaming.encode(event, buffer);
            } catch (IOException e) {
                // As the encoder's own byte-array form does: the event is left out, the appender
                // stays started (an IOException out of here would stop it for good).
                addWarn("Error encountered while encoding log event. Event: " + event, e);
                return;
            }
            OutputStream out = getOutputStream();
            if (isStarted() && out != null) {
                out.write(buffer.bytes(), 0, buffer.size());
                if (isImmediateFlush()) {
                    out.flush();
                }
            }
        } finally {
            if (buffer.size() > KEPT_BUFFER_BYTES) {
                buffer = new EventBuffer();
            }
            streamWriteLock.unlock();
        }
    }

    /** Gives access to its bytes without a copy. */
    private static final class EventBuffer extends ByteArrayOutputStream {
        EventBuffer() {
            super(1024);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
