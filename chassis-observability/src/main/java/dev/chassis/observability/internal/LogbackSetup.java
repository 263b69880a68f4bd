package dev.chassis.observability.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.chassis.observability.config.ObservabilityConfig;
import java.io.OutputStream;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The chassis' logging: JSON (or readable text) to stdout through a never-blocking async
 * appender. Used when the service brings no {@code logback.xml} of its own; a service that does
 * keeps full control, and only gets the {@code service}, {@code version} and {@code instance}
 * context properties.
 */
public final class LogbackSetup {
    /** Context property marking a configuration the chassis made (so it may remake it). */
    static final String MARK = "dev.chassis.logging";

    static final String ASYNC = "chassis-async";
    static final String CONSOLE = "chassis-console";
    private static final String TEXT_PATTERN =
            "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} %X{correlationId:-} - %replace(%msg){'\\p{Cntrl}', ' '}%n";

    private LogbackSetup() {}

    /** The configuration before the service's own is known: JSON, INFO, Netty at WARN. */
    static void configureDefaults(LoggerContext context) {
        context.putProperty(MARK, "true");
        install(context, ObservabilityConfig.Logging.defaults(), null);
    }

    /**
     * Applies the service's logging settings.
     *
     * @return the pipeline in use; without an async appender when the service brings its own
     *     logback configuration
     */
    public static LogPipeline apply(ObservabilityConfig.Logging config, Map<String, String> fields) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new LogPipeline(null, () -> {});
        }
        fields.forEach(context::putProperty);
        if (context.getProperty(MARK) == null) {
            return new LogPipeline(null, () -> {});
        }
        CountingAsyncAppender async = install(context, config, fields);
        return new LogPipeline(async, () -> goSynchronous(context, async, config, fields));
    }

    private static CountingAsyncAppender install(
            LoggerContext context, ObservabilityConfig.Logging config, @Nullable Map<String, String> fields) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> console = console(new WorkerConsoleAppender(), context, config, fields);
        // Written in batches: the async appender flushes at the end of each.
        console.setImmediateFlush(false);
        ConsoleTargets.follow();
        if (ConsoleTargets.capture() == null) {
            console.setOutputStream(StdoutStream.create());
        }
        CountingAsyncAppender async = new CountingAsyncAppender();
        async.setContext(context);
        async.setName(ASYNC);
        async.setQueueSize(config.queueSize());
        async.addAppender(console);
        async.start();

        root.detachAndStopAllAppenders();
        root.addAppender(async);
        applyLevels(context, config);
        return async;
    }

    private static void applyLevels(LoggerContext context, ObservabilityConfig.Logging config) {
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(config.level()));
        context.getLogger("io.netty").setLevel(Level.WARN);
        config.levels().forEach((name, level) -> context.getLogger(name).setLevel(Level.toLevel(level)));
    }

    /**
     * Applies changed levels while the service runs: the root level and each named logger's.
     * Loggers a change no longer names go back to inheriting their parent's level.
     */
    public static void changeLevels(ObservabilityConfig.Logging before, ObservabilityConfig.Logging now) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)
                || context.getProperty(MARK) == null) {
            return;
        }
        for (String name : before.levels().keySet()) {
            if (!now.levels().containsKey(name)) {
                context.getLogger(name).setLevel(null);
            }
        }
        applyLevels(context, now);
    }

    private static ConsoleAppender<ILoggingEvent> console(
            ConsoleAppender<ILoggingEvent> console,
            LoggerContext context,
            ObservabilityConfig.Logging config,
            @Nullable Map<String, String> fields) {
        Encoder<ILoggingEvent> encoder = config.format() == ObservabilityConfig.Logging.Format.JSON
                ? jsonEncoder(context, config, fields)
                : textEncoder(context);
        console.setContext(context);
        console.setName(CONSOLE);
        console.setEncoder(encoder);
        console.start();
        OutputStream capture = ConsoleTargets.capture();
        if (capture != null) {
            console.setOutputStream(capture);
        }
        return console;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(
            LoggerContext context, ObservabilityConfig.Logging config, @Nullable Map<String, String> fields) {
        JsonLogEncoder encoder = new JsonLogEncoder(LogSchema.of(config.fields()), fields == null ? Map.of() : fields);
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    /**
     * Logs synchronously from now on, then drains the async appender, so the last lines of a
     * stopping service are written before the JVM exits. A second console appender takes over
     * before the async one is detached: no event finds the root logger without an appender.
     */
    private static void goSynchronous(
            LoggerContext context,
            CountingAsyncAppender async,
            ObservabilityConfig.Logging config,
            Map<String, String> fields) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(console(new ConsoleAppender<>(), context, config, fields));
        root.detachAppender(async);
        async.stop();
    }
}
