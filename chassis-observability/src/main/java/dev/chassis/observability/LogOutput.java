package dev.chassis.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Where the chassis' log lines go, for tests and tools: {@link #redirect} sends exactly the bytes
 * the service would write to stdout to another stream instead, until closed. Works when the
 * chassis configured logging (no {@code logback.xml} of the service's own).
 */
public final class LogOutput {
    private static volatile @Nullable OutputStream target;

    private LogOutput() {}

    /**
     * Sends the chassis' console output to a stream from now on, including that of services built
     * later (their log pipeline is set up when they are built), until closed. For test support.
     *
     * @return closing it writes to stdout again
     */
    public static AutoCloseable captureInto(OutputStream out) {
        target = out;
        for (OutputStreamAppender<ILoggingEvent> console : consoles()) {
            console.setOutputStream(out);
        }
        return () -> {
            target = null;
            for (OutputStreamAppender<ILoggingEvent> console : consoles()) {
                console.setOutputStream(System.out);
            }
        };
    }

    /** The stream consoles set up now should write to, when one is being captured. */
    public static @Nullable OutputStream captureTarget() {
        return target;
    }

    /**
     * Redirects the chassis' console output to a stream.
     *
     * @return closing it writes to stdout again
     * @throws IllegalStateException when logging is not the chassis' own (a service
     *     {@code logback.xml}, or no logback)
     */
    public static AutoCloseable redirect(OutputStream out) {
        List<OutputStreamAppender<ILoggingEvent>> consoles = consoles();
        if (consoles.isEmpty()) {
            throw new IllegalStateException("the chassis does not own the logging configuration here "
                    + "(a logback.xml or logback-test.xml of the service's own, or no logback)");
        }
        for (OutputStreamAppender<ILoggingEvent> console : consoles) {
            console.setOutputStream(out);
        }
        return () -> {
            for (OutputStreamAppender<ILoggingEvent> console : consoles) {
                console.setOutputStream(System.out);
            }
        };
    }

    /** Whether the chassis owns the logging configuration, so {@link #redirect} works. */
    public static boolean isChassisLogging() {
        return !consoles().isEmpty();
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
