package dev.chassis.observability.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.config.ConfigSection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of the observability module, section {@code observability}.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code instance}</td><td>host name</td><td>resource attribute {@code service.instance.id}; the {@code instance} field of log lines</td></tr>
 * <tr><td>{@code correlation.header}</td><td>{@code X-Correlation-ID}</td><td>header read, echoed and sent downstream</td></tr>
 * <tr><td>{@code logging.format}</td><td>{@code json}</td><td>{@code json} (one JSON object per line) or {@code text} for local work</td></tr>
 * <tr><td>{@code logging.fields}</td><td>{@code chassis}</td><td>the JSON lines' field names: {@code chassis}, {@code ecs} (Elastic Common Schema) or {@code logstash} (logstash-logback-encoder's defaults)</td></tr>
 * <tr><td>{@code logging.level}</td><td>{@code INFO}</td><td>root level</td></tr>
 * <tr><td>{@code logging.levels}</td><td>{}</td><td>levels by logger name (YAML map)</td></tr>
 * <tr><td>{@code logging.loggers-path}</td><td>{@code /admin/loggers}</td><td>logger levels read and changed at run time, on the admin routes</td></tr>
 * <tr><td>{@code logging.queue-size}</td><td>8192</td><td>events the async appender holds; when full, new events are dropped and counted, never blocking a request thread</td></tr>
 * <tr><td>{@code access-log.enabled}</td><td>true</td><td>one JSON event per request on logger {@code access}</td></tr>
 * <tr><td>{@code access-log.include-query}</td><td>false</td><td>log the query string</td></tr>
 * <tr><td>{@code access-log.headers}</td><td>[]</td><td>request headers to log; {@code Authorization}, {@code Cookie} and {@code Set-Cookie} only when listed here</td></tr>
 * <tr><td>{@code metrics.enabled}</td><td>true</td><td>Micrometer with Prometheus, JVM and server meters</td></tr>
 * <tr><td>{@code metrics.path}</td><td>{@code /metrics}</td><td>scrape endpoint (admin port when there is one)</td></tr>
 * <tr><td>{@code metrics.buckets}</td><td>5ms … 10s</td><td>request-duration histogram buckets</td></tr>
 * <tr><td>{@code metrics.resource-tags}</td><td>false</td><td>also put {@code service.name}, {@code service.version} and {@code service.instance.id} on every meter (they are always on {@code target_info})</td></tr>
 * <tr><td>{@code status.enabled}</td><td>true</td><td>the live status page, built from the meters (needs {@code metrics.enabled})</td></tr>
 * <tr><td>{@code status.path}</td><td>{@code /admin/status}</td><td>the status page, on the admin routes; its JSON snapshot at {@code <path>/snapshot}</td></tr>
 * <tr><td>{@code status.sample-interval}</td><td>5s</td><td>how often the page's meters are sampled for the last minute's rates, latencies and sparklines (1s-30s)</td></tr>
 * <tr><td>{@code tracing.exporter}</td><td>{@code none}</td><td>{@code none}, {@code logging}, {@code otlp} (HTTP/protobuf)</td></tr>
 * <tr><td>{@code tracing.endpoint}</td><td>{@code http://localhost:4318/v1/traces}</td><td>OTLP endpoint</td></tr>
 * <tr><td>{@code tracing.headers}</td><td>{}</td><td>headers sent to the OTLP endpoint (values masked when printed)</td></tr>
 * <tr><td>{@code tracing.sampler}</td><td>{@code parentbased_traceidratio}</td><td>OpenTelemetry's sampler names: {@code always_on}, {@code always_off}, {@code traceidratio} and each {@code parentbased_} one</td></tr>
 * <tr><td>{@code tracing.sampler-ratio}</td><td>1.0</td><td>share of traces the {@code traceidratio} samplers record</td></tr>
 * <tr><td>{@code tracing.resource-attributes}</td><td>{}</td><td>added to service.name, service.version, service.instance.id</td></tr>
 * <tr><td>{@code tracing.include-health-and-metrics}</td><td>false</td><td>record spans of the health and metrics endpoints too</td></tr>
 * </table>
 *
 * <p>OpenTelemetry's own environment variables ({@code OTEL_SERVICE_NAME},
 * {@code OTEL_TRACES_EXPORTER}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_TRACES_SAMPLER},
 * {@code OTEL_RESOURCE_ATTRIBUTES}, ...) set what no configuration layer sets; a key set in any
 * layer wins. The module's guide lists them.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param instance the instance name; empty for the host name
 * @param correlation correlation IDs
 * @param logging logs
 * @param accessLog the access log
 * @param metrics metrics
 * @param tracing tracing
 * @param status the live status page
 */
public record ObservabilityConfig(
        String instance,
        Correlation correlation,
        Logging logging,
        AccessLog accessLog,
        Metrics metrics,
        Tracing tracing,
        Status status) {

    /** The section this record binds. */
    public static final ConfigSection<ObservabilityConfig> SECTION =
            ConfigSection.of("observability", ObservabilityConfig.class, defaults());

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public ObservabilityConfig {
        requireNonNull(instance, "instance");
        requireNonNull(correlation, "correlation");
        requireNonNull(logging, "logging");
        requireNonNull(accessLog, "access-log");
        requireNonNull(metrics, "metrics");
        requireNonNull(tracing, "tracing");
        requireNonNull(status, "status");
    }

    /** The defaults listed above. */
    public static ObservabilityConfig defaults() {
        return new ObservabilityConfig(
                "",
                Correlation.defaults(),
                Logging.defaults(),
                AccessLog.defaults(),
                Metrics.defaults(),
                Tracing.defaults(),
                Status.defaults());
    }

    /**
     * The live status page: per route rates, errors and latencies, downstreams' breakers, pools,
     * dropped log events and readiness, read from the meters {@code /metrics} serves.
     *
     * @param enabled whether the page is served (only with metrics on)
     * @param path the page's path; the JSON it polls is at {@code <path>/snapshot}
     * @param sampleInterval how often the meters are sampled; a minute of samples is kept
     */
    public record Status(boolean enabled, String path, Duration sampleInterval) {
        /** The shortest sample interval. */
        public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
        /** The longest sample interval. */
        public static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException naming the invalid key
         */
        public Status {
            dev.chassis.core.common.Checks.path("path", path);
            dev.chassis.core.common.Checks.between("sample-interval", sampleInterval, MIN_INTERVAL, MAX_INTERVAL);
        }

        /** On, at {@code /admin/status}, sampled every 5 seconds. */
        public static Status defaults() {
            return new Status(true, "/admin/status", Duration.ofSeconds(5));
        }
    }

    /**
     * Correlation IDs.
     *
     * @param header the header carrying the ID in and out
     */
    public record Correlation(String header) {
        private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

        /** Validates the header name. */
        public Correlation {
            if (header == null || !TOKEN.matcher(header).matches()) {
                throw new IllegalArgumentException("header: '" + header + "' (expected: a header name)");
            }
        }

        /** {@code X-Correlation-ID}. */
        public static Correlation defaults() {
            return new Correlation("X-Correlation-ID");
        }
    }

    /**
     * Logs.
     *
     * @param format JSON or readable text
     * @param fields the field names of JSON lines
     * @param level the root level
     * @param levels levels by logger name
     * @param queueSize events the async appender holds
     */
    public record Logging(
            Format format, Fields fields, String level, Map<String, String> levels, int queueSize, String loggersPath) {
        private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

        /** Validates the values. */
        public Logging {
            requireNonNull(format, "format");
            requireNonNull(fields, "fields");
            level = checkLevel("level", level);
            levels = Map.copyOf(requireNonNull(levels, "levels"));
            for (Map.Entry<String, String> e : levels.entrySet()) {
                checkLevel("levels." + e.getKey(), e.getValue());
            }
            if (queueSize < 16 || queueSize > 1_048_576) {
                throw new IllegalArgumentException("queue-size: " + queueSize + " (expected: 16-1048576)");
            }
            dev.chassis.core.common.Checks.path("loggers-path", loggersPath);
        }

        private static String checkLevel(String key, String level) {
            String upper = level == null ? "" : level.toUpperCase(Locale.ROOT);
            if (!LEVELS.contains(upper)) {
                throw new IllegalArgumentException(key + ": '" + level + "' (expected: one of " + LEVELS + ")");
            }
            return upper;
        }

        /** JSON with the chassis' field names, INFO, a queue of 8192, levels managed at {@code /admin/loggers}. */
        public static Logging defaults() {
            return new Logging(Format.JSON, Fields.CHASSIS, "INFO", Map.of(), 8192, "/admin/loggers");
        }

        /** The field names of JSON lines; the module's guide lists each format's. */
        public enum Fields {
            /**
             * The chassis' own: {@code logger}, {@code thread}, {@code level}, {@code traceId},
             * {@code service}, ...
             */
            CHASSIS,
            /**
             * Elastic Common Schema: {@code log.level}, {@code log.logger}, {@code trace.id},
             * {@code service.name}, {@code error.type}, ..., {@code ecs.version}.
             */
            ECS,
            /**
             * logstash-logback-encoder's defaults: {@code @version}, {@code logger_name},
             * {@code thread_name}, {@code level}, {@code level_value}, {@code stack_trace}.
             */
            LOGSTASH;

            @JsonValue
            @Override
            public String toString() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        /** How log events are written. */
        public enum Format {
            /** One JSON object per line. */
            JSON,
            /** A readable line, for local work. */
            TEXT;

            @JsonValue
            @Override
            public String toString() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    /**
     * The access log.
     *
     * @param enabled whether requests are logged
     * @param includeQuery whether the query string is logged
     * @param headers request headers to log
     */
    public record AccessLog(boolean enabled, boolean includeQuery, List<String> headers) {
        /** Copies the list. */
        public AccessLog {
            headers = List.copyOf(requireNonNull(headers, "headers"));
        }

        /** On, without query strings or headers. */
        public static AccessLog defaults() {
            return new AccessLog(true, false, List.of());
        }
    }

    /**
     * Metrics.
     *
     * @param enabled whether meters are recorded and served
     * @param path the scrape path
     * @param buckets request-duration histogram buckets
     * @param resourceTags whether every meter also carries the tags {@code service.name},
     *     {@code service.version} and {@code service.instance.id} ({@code service_name}... in
     *     Prometheus), for setups that cannot join on {@code target_info}
     */
    public record Metrics(boolean enabled, String path, List<Duration> buckets, boolean resourceTags) {
        /** Validates the values. */
        public Metrics {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("path: '" + path + "' (expected: a path starting with /)");
            }
            buckets = List.copyOf(requireNonNull(buckets, "buckets"));
            if (buckets.isEmpty()) {
                throw new IllegalArgumentException("buckets: [] (expected: at least one duration)");
            }
        }

        /** On, at {@code /metrics}, buckets from 5 ms to 10 s, the resource only on {@code target_info}. */
        public static Metrics defaults() {
            return new Metrics(
                    true,
                    "/metrics",
                    List.of(5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000).stream()
                            .map(ms -> Duration.ofMillis(ms))
                            .toList(),
                    false);
        }
    }

    /**
     * Tracing.
     *
     * @param exporter where finished spans go
     * @param endpoint the OTLP HTTP endpoint
     * @param headers headers for the OTLP endpoint
     * @param sampler which spans are recorded
     * @param samplerRatio share of traces the ratio samplers record
     * @param resourceAttributes extra resource attributes
     * @param includeHealthAndMetrics whether requests to the health endpoints and the metrics
     *     endpoint get recorded spans; without, they get trace and span IDs only, like every
     *     request at exporter {@code none}
     */
    public record Tracing(
            Exporter exporter,
            String endpoint,
            Map<String, String> headers,
            Sampler sampler,
            double samplerRatio,
            Map<String, String> resourceAttributes,
            boolean includeHealthAndMetrics) {
        /** Validates the values. */
        public Tracing {
            requireNonNull(exporter, "exporter");
            if (endpoint == null || !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
                throw new IllegalArgumentException("endpoint: '" + endpoint + "' (expected: an http or https URL)");
            }
            headers = Map.copyOf(requireNonNull(headers, "headers"));
            requireNonNull(sampler, "sampler");
            if (!(samplerRatio >= 0 && samplerRatio <= 1)) {
                throw new IllegalArgumentException("sampler-ratio: " + samplerRatio + " (expected: 0.0-1.0)");
            }
            resourceAttributes = Map.copyOf(requireNonNull(resourceAttributes, "resource-attributes"));
        }

        /**
         * No export; when an exporter is set, the caller's decision kept and every new trace
         * sampled; health and metrics requests not recorded.
         */
        public static Tracing defaults() {
            return new Tracing(
                    Exporter.NONE,
                    "http://localhost:4318/v1/traces",
                    Map.of(),
                    Sampler.PARENTBASED_TRACEIDRATIO,
                    1.0,
                    Map.of(),
                    false);
        }

        /** Which spans are recorded, by OpenTelemetry's names for its samplers. */
        public enum Sampler {
            /** Every span. */
            ALWAYS_ON,
            /** No span. */
            ALWAYS_OFF,
            /** A share of traces ({@code sampler-ratio}), chosen by trace ID. */
            TRACEIDRATIO,
            /** The caller's decision; every new trace. */
            PARENTBASED_ALWAYS_ON,
            /** The caller's decision; no new trace. */
            PARENTBASED_ALWAYS_OFF,
            /** The caller's decision; a share of new traces ({@code sampler-ratio}). */
            PARENTBASED_TRACEIDRATIO;

            /** Whether {@code sampler-ratio} applies. */
            public boolean usesRatio() {
                return this == TRACEIDRATIO || this == PARENTBASED_TRACEIDRATIO;
            }

            @JsonValue
            @Override
            public String toString() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        /** Where finished spans go. */
        public enum Exporter {
            /** Nowhere: trace and span IDs are still made and propagated, nothing is recorded. */
            NONE,
            /** One log event per span, through the service's logs. */
            LOGGING,
            /** OTLP over HTTP/protobuf. */
            OTLP;

            @JsonValue
            @Override
            public String toString() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }
}
