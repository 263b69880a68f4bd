package dev.chassis.observability.internal;

import com.fasterxml.jackson.core.io.SerializedString;
import dev.chassis.observability.config.ObservabilityConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import net.logstash.logback.composite.loggingevent.ThrowableClassNameJsonProvider;
import net.logstash.logback.composite.loggingevent.ThrowableMessageJsonProvider;
import net.logstash.logback.decorate.CharacterEscapesJsonFactoryDecorator;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * The field names of a JSON log line in one of the chassis' formats
 * ({@code observability.logging.fields}):
 *
 * <ul>
 *   <li>{@code chassis}: {@code @timestamp}, {@code message}, {@code logger}, {@code thread},
 *       {@code level}, the MDC as it is ({@code traceId}, {@code spanId}, {@code correlationId}),
 *       {@code stack_trace}, {@code service}, {@code version}, {@code instance};
 *   <li>{@code logstash}: logstash-logback-encoder's defaults: {@code @timestamp},
 *       {@code @version}, {@code message}, {@code logger_name}, {@code thread_name},
 *       {@code level}, {@code level_value}, the MDC as it is, {@code stack_trace}, then
 *       {@code service}, {@code version}, {@code instance};
 *   <li>{@code ecs}: Elastic Common Schema as its logging libraries and Spring Boot write it,
 *       dotted names at the top level: {@code @timestamp}, {@code message}, {@code log.logger},
 *       {@code process.thread.name}, {@code log.level}, {@code trace.id}, {@code span.id},
 *       {@code http.request.id} (the correlation ID), {@code error.type},
 *       {@code error.message}, {@code error.stack_trace}, {@code service.name},
 *       {@code service.version}, {@code service.node.name}, {@code ecs.version}.
 * </ul>
 *
 * <p>Access events name their own fields in each format too ({@link AccessNames}). Immutable.
 */
final class LogSchema {
    /** The ECS version the {@code ecs} format follows. */
    static final String ECS_VERSION = "8.11";

    static final LogSchema CHASSIS = new LogSchema(
            "logger",
            "thread",
            "level",
            false,
            false,
            "stack_trace",
            false,
            new String[] {"service", "version", "instance"},
            Map.of(),
            Map.of(),
            AccessNames.CHASSIS);

    static final LogSchema LOGSTASH = new LogSchema(
            "logger_name",
            "thread_name",
            "level",
            true,
            true,
            "stack_trace",
            false,
            new String[] {"service", "version", "instance"},
            Map.of(),
            Map.of(),
            AccessNames.CHASSIS);

    static final LogSchema ECS = new LogSchema(
            "log.logger",
            "process.thread.name",
            "log.level",
            false,
            false,
            "error.stack_trace",
            true,
            new String[] {"service.name", "service.version", "service.node.name"},
            Map.of("ecs.version", ECS_VERSION),
            Map.of(
                    Correlation.TRACE_ID_KEY,
                    "trace.id",
                    Correlation.SPAN_ID_KEY,
                    "span.id",
                    Correlation.MDC_KEY,
                    "http.request.id",
                    "subject",
                    "user.id"),
            AccessNames.ECS);

    final String logger;
    final String thread;
    final String level;
    /** Whether {@code "@version":"1"} follows the timestamp. */
    final boolean version;
    /** Whether {@code level_value} follows the level. */
    final boolean levelValue;

    final String stackTrace;
    final boolean errorFields;
    private final String[] identity;
    private final Map<String, String> constants;
    private final Map<String, String> mdcNames;
    final AccessNames access;

    private LogSchema(
            String logger,
            String thread,
            String level,
            boolean version,
            boolean levelValue,
            String stackTrace,
            boolean errorFields,
            String[] identity,
            Map<String, String> constants,
            Map<String, String> mdcNames,
            AccessNames access) {
        this.logger = logger;
        this.thread = thread;
        this.level = level;
        this.version = version;
        this.levelValue = levelValue;
        this.stackTrace = stackTrace;
        this.errorFields = errorFields;
        this.identity = identity;
        this.constants = constants;
        this.mdcNames = mdcNames;
        this.access = access;
    }

    static LogSchema of(ObservabilityConfig.Logging.Fields fields) {
        return switch (fields) {
            case CHASSIS -> CHASSIS;
            case LOGSTASH -> LOGSTASH;
            case ECS -> ECS;
        };
    }

    /**
     * The fields every line carries, named for this format: the service's name, version and
     * instance (given as {@code service}, {@code version}, {@code instance}; any other given field
     * keeps its name), then the format's constants.
     */
    Map<String, String> everyLine(Map<String, String> given) {
        Map<String, String> fields = new LinkedHashMap<>();
        given.forEach((name, value) -> fields.put(rename(name), value));
        fields.putAll(constants);
        return fields;
    }

    private String rename(String given) {
        return switch (given) {
            case "service" -> identity[0];
            case "version" -> identity[1];
            case "instance" -> identity[2];
            default -> given;
        };
    }

    /**
     * Sets up logstash-logback-encoder's encoder to write this format: UTC timestamps, no logback
     * context properties, and {@code everyLine} (named already) last in every event.
     */
    <E extends LogstashEncoder> E configure(E encoder, Map<String, String> everyLine) {
        encoder.setJsonFactoryDecorator(controlEscapes());
        encoder.setIncludeContext(false);
        encoder.setTimeZone("UTC");
        encoder.getFieldNames().setLogger(logger);
        encoder.getFieldNames().setThread(thread);
        encoder.getFieldNames().setLevel(level);
        encoder.getFieldNames().setStackTrace(stackTrace);
        if (!levelValue) {
            encoder.getFieldNames().setLevelValue("[ignore]");
        }
        if (!version) {
            encoder.getFieldNames().setVersion("[ignore]");
        }
        mdcNames.forEach((key, name) -> encoder.addMdcKeyFieldName(key + "=" + name));
        if (errorFields) {
            ThrowableClassNameJsonProvider type = new ThrowableClassNameJsonProvider();
            type.setFieldName("error.type");
            type.setUseSimpleClassName(false);
            encoder.addProvider(type);
            ThrowableMessageJsonProvider message = new ThrowableMessageJsonProvider();
            message.setFieldName("error.message");
            encoder.addProvider(message);
        }
        if (!everyLine.isEmpty()) {
            encoder.addProvider(new StaticFieldsJsonProvider(new LinkedHashMap<>(everyLine)));
        }
        return encoder;
    }

    /**
     * JSON escapes, as {@code \\uXXXX}, for the characters JSON lets through raw that log tools
     * take for line ends or that a terminal acts on: DEL, the C1 controls U+0080 to U+009F (a
     * header byte 0x85 is read as U+0085, NEXT LINE) and U+2028 and U+2029. JSON's own escapes of
     * U+0000 to U+001F stay. Strings of plain ASCII are written as fast as without it.
     */
    static CharacterEscapesJsonFactoryDecorator controlEscapes() {
        CharacterEscapesJsonFactoryDecorator escapes = new CharacterEscapesJsonFactoryDecorator();
        escapes.setIncludeStandardAsciiEscapesForJSON(true);
        for (int c = 0x7f; c <= 0x9f; c++) {
            escapes.addEscape(new CharacterEscapesJsonFactoryDecorator.Escape(c, unicodeEscape(c)));
        }
        escapes.addEscape(new CharacterEscapesJsonFactoryDecorator.Escape(0x2028, unicodeEscape(0x2028)));
        escapes.addEscape(new CharacterEscapesJsonFactoryDecorator.Escape(0x2029, unicodeEscape(0x2029)));
        return escapes;
    }

    private static String unicodeEscape(int c) {
        return String.format(Locale.ROOT, "\\u%04x", c);
    }

    /** The names of an access event's own fields, encoded once. */
    static final class AccessNames {
        static final AccessNames CHASSIS = new AccessNames(
                "method",
                "path",
                "query",
                "route",
                "status",
                "durationMs",
                false,
                "bytesIn",
                "bytesOut",
                "remoteAddress",
                "userAgent",
                "outcome",
                "rejection",
                Correlation.MDC_KEY,
                Correlation.TRACE_ID_KEY,
                Correlation.SPAN_ID_KEY,
                "header.",
                "subject",
                "peerSubject",
                "peerNames");

        /** ECS's HTTP fields where it has one, OpenTelemetry's HTTP names where it has none, labels for the rest. */
        static final AccessNames ECS = new AccessNames(
                "http.request.method",
                "url.path",
                "url.query",
                "http.route",
                "http.response.status_code",
                "event.duration",
                true,
                "http.request.body.bytes",
                "http.response.body.bytes",
                "client.address",
                "user_agent.original",
                "labels.outcome",
                "labels.rejection",
                "http.request.id",
                "trace.id",
                "span.id",
                "http.request.header.",
                "user.id",
                "tls.client.subject",
                "tls.client.x509.alternative_names");

        final SerializedString method;
        final SerializedString path;
        final SerializedString query;
        final SerializedString route;
        final SerializedString status;
        final SerializedString duration;
        /** The duration in whole nanoseconds (ECS' {@code event.duration}), else milliseconds with six decimals. */
        final boolean durationNanos;

        final SerializedString bytesIn;
        final SerializedString bytesOut;
        final SerializedString remote;
        final SerializedString userAgent;
        final SerializedString outcome;
        final SerializedString rejection;
        final SerializedString correlation;
        final SerializedString trace;
        final SerializedString span;
        final String headerPrefix;
        /** The authenticated caller's name ({@code Request.PRINCIPAL}), when there is one. */
        final SerializedString subject;
        /** The verified TLS client certificate's subject and alternative names, under mTLS. */
        final SerializedString peerSubject;

        final SerializedString peerNames;

        private AccessNames(
                String method,
                String path,
                String query,
                String route,
                String status,
                String duration,
                boolean durationNanos,
                String bytesIn,
                String bytesOut,
                String remote,
                String userAgent,
                String outcome,
                String rejection,
                String correlation,
                String trace,
                String span,
                String headerPrefix,
                String subject,
                String peerSubject,
                String peerNames) {
            this.subject = new SerializedString(subject);
            this.peerSubject = new SerializedString(peerSubject);
            this.peerNames = new SerializedString(peerNames);
            this.method = new SerializedString(method);
            this.path = new SerializedString(path);
            this.query = new SerializedString(query);
            this.route = new SerializedString(route);
            this.status = new SerializedString(status);
            this.duration = new SerializedString(duration);
            this.durationNanos = durationNanos;
            this.bytesIn = new SerializedString(bytesIn);
            this.bytesOut = new SerializedString(bytesOut);
            this.remote = new SerializedString(remote);
            this.userAgent = new SerializedString(userAgent);
            this.outcome = new SerializedString(outcome);
            this.rejection = new SerializedString(rejection);
            this.correlation = new SerializedString(correlation);
            this.trace = new SerializedString(trace);
            this.span = new SerializedString(span);
            this.headerPrefix = headerPrefix;
        }
    }
}
