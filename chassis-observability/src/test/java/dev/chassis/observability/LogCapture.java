package dev.chassis.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.observability.internal.CountingAsyncAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/** Captures exactly the bytes the chassis' console appender would write to stdout. */
final class LogCapture {
    private static final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @SuppressWarnings("unchecked")
    static LogCapture attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        CountingAsyncAppender async = (CountingAsyncAppender)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("chassis-async");
        OutputStreamAppender<?> console = (OutputStreamAppender<?>) async.getAppender("chassis-console");
        LogCapture capture = new LogCapture();
        console.setOutputStream(capture.out);
        return capture;
    }

    synchronized String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Every line, each parsed as JSON; fails if one is not. */
    List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (String line : text().split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                events.add(json.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return events;
    }

    /** Waits until at least {@code count} events match, and returns the matching ones. */
    List<JsonNode> awaitEvents(Predicate<JsonNode> match, int count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> events().stream().filter(match).count() >= count);
        return events().stream().filter(match).toList();
    }

    void clear() {
        synchronized (this) {
            out.reset();
        }
    }
}
