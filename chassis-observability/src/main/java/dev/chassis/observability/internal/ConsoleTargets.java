package dev.chassis.observability.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import dev.chassis.core.logging.LogCapture;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * The chassis' consoles as {@link LogCapture} switches them: registered once per JVM, it points
 * every console the chassis set up at the capture's stream, or at stdout when the capture ends.
 */
final class ConsoleTargets {
    private static final AtomicBoolean registered = new AtomicBoolean();

    private ConsoleTargets() {}

    /** Makes captures switch the consoles; once per JVM, whatever the number of services. */
    static void follow() {
        if (registered.compareAndSet(false, true)) {
            LogCapture.onSwitch(out -> {
                for (OutputStreamAppender<ILoggingEvent> console : consoles()) {
                    console.setOutputStream(out);
                }
            });
        }
    }

    /** The stream a console set up now writes to, when a capture is under way. */
    static @org.jspecify.annotations.Nullable OutputStream capture() {
        return LogCapture.target();
    }

    @SuppressWarnings("unchecked")
    private static List<OutputStreamAppender<ILoggingEvent>> consoles() {
        List<OutputStreamAppender<ILoggingEvent>> found = new ArrayList<>();
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return found;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            collect(a, found);
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Appender<ILoggingEvent> appender, List<OutputStreamAppender<ILoggingEvent>> found) {
        if (appender instanceof OutputStreamAppender<?> out && "chassis-console".equals(appender.getName())) {
            found.add((OutputStreamAppender<ILoggingEvent>) out);
        }
        if (appender instanceof AppenderAttachable<?> attachable) {
            for (Iterator<Appender<ILoggingEvent>> it =
                            ((AppenderAttachable<ILoggingEvent>) attachable).iteratorForAppenders();
                    it.hasNext(); ) {
                collect(it.next(), found);
            }
        }
    }
}
