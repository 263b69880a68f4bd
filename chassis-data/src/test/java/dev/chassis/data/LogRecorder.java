package dev.chassis.data;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Records the events of some loggers, with their stack traces. Attached to named loggers, not the
 * root, so the chassis' logging set-up (which replaces the root's appenders) leaves it in place.
 */
final class LogRecorder extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<ILoggingEvent> events = new ArrayList<>();
    private final List<Logger> loggers = new ArrayList<>();

    static LogRecorder attach(String... loggerNames) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogRecorder recorder = new LogRecorder();
        recorder.setContext(context);
        recorder.setName("test-recorder");
        recorder.start();
        for (String name : loggerNames) {
            Logger logger = context.getLogger(name);
            logger.addAppender(recorder);
            recorder.loggers.add(logger);
        }
        return recorder;
    }

    /** Everything the chassis, the pool, Flyway and the drivers log. */
    static LogRecorder attachAll() {
        return attach("dev.chassis", "com.zaxxer.hikari", "org.flywaydb", "org.postgresql", "h2database");
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    synchronized List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    List<ILoggingEvent> matching(Predicate<ILoggingEvent> match) {
        return events().stream().filter(match).toList();
    }

    /** Every message and stack trace, one after the other. */
    String text() {
        StringBuilder b = new StringBuilder();
        for (ILoggingEvent e : events()) {
            b.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(' ');
            b.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                b.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        return b.toString();
    }

    synchronized void clear() {
        events.clear();
    }

    @Override
    public void close() {
        for (Logger logger : loggers) {
            logger.detachAppender(this);
        }
        stop();
    }
}
