package dev.chassis.observability.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Logger levels read and changed while the service runs, in Spring Boot Actuator's shape:
 * {@code GET <path>} lists every logger with its configured and effective level,
 * {@code GET <path>/{name}} one, and {@code POST <path>/{name}} with
 * {@code {"configuredLevel":"DEBUG"}} sets one ({@code null} makes it inherit again). Each change
 * is logged with the level before and after. A level set here holds until the next change here or
 * of {@code observability.logging.levels} (Consul KV included), which sets the levels it names.
 */
public final class LoggersEndpoint implements Routes {
    static final List<String> LEVELS = List.of("OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE");
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(LoggersEndpoint.class);

    private final String path;

    public LoggersEndpoint(String path) {
        this.path = path;
    }

    /** What a logger's level is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LoggerLevels(@Nullable String configuredLevel, String effectiveLevel) {}

    /** The list of every logger. */
    public record Loggers(List<String> levels, Map<String, LoggerLevels> loggers) {}

    /** A change of one logger's level. */
    public record LevelChange(@Nullable String configuredLevel) {}

    @Override
    public void register(Routing routing) {
        Routing admin = routing.admin();
        admin.get(path, request -> Response.ok(all()));
        admin.get(path + "/{name}", request -> Response.ok(levels(existing(request))));
        admin.post(path + "/{name}", this::change);
    }

    private static LoggerContext context() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            return context;
        }
        throw new HttpStatusException(503, "logger levels are only managed with logback as the logging backend");
    }

    private static Loggers all() {
        Map<String, LoggerLevels> loggers = new TreeMap<>();
        for (Logger logger : context().getLoggerList()) {
            loggers.put(logger.getName(), levels(logger));
        }
        return new Loggers(LEVELS, loggers);
    }

    private static LoggerLevels levels(Logger logger) {
        Level configured = logger.getLevel();
        return new LoggerLevels(configured == null ? null : configured.levelStr, logger.getEffectiveLevel().levelStr);
    }

    private static Logger existing(Request request) {
        String name = request.pathParam("name").asString();
        Logger logger = context().exists(name);
        if (logger == null) {
            throw HttpStatusException.notFound("no logger '" + name + "'");
        }
        return logger;
    }

    private Response change(Request request) {
        String name = request.pathParam("name").asString();
        LevelChange change = request.body(LevelChange.class);
        Level level = null;
        if (change.configuredLevel() != null) {
            String wanted = change.configuredLevel().strip().toUpperCase(Locale.ROOT);
            if (!LEVELS.contains(wanted)) {
                throw HttpStatusException.badRequest("configuredLevel: '" + change.configuredLevel()
                        + "' (expected: one of " + String.join(", ", LEVELS) + ", or null to inherit)");
            }
            level = Level.toLevel(wanted);
        }
        Logger logger = context().getLogger(name);
        if (level == null && logger.getName().equals(Logger.ROOT_LOGGER_NAME)) {
            throw HttpStatusException.badRequest(
                    "configuredLevel: null (expected: a level; the root logger inherits from none)");
        }
        LoggerLevels before = levels(logger);
        logger.setLevel(level);
        LoggerLevels after = levels(logger);
        log.info(
                "logger {} level changed from {} to {} by an admin request",
                logger.getName(),
                before.configuredLevel() == null ? "inherited " + before.effectiveLevel() : before.configuredLevel(),
                after.configuredLevel() == null ? "inherited " + after.effectiveLevel() : after.configuredLevel());
        return Response.noContent();
    }
}
