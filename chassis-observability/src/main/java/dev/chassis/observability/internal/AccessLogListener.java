package dev.chassis.observability.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.chassis.core.http.Completion;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Request;
import dev.chassis.observability.CorrelationId;
import dev.chassis.observability.ObservabilityConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import net.logstash.logback.argument.StructuredArgument;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON event per request on the logger {@code access}: method, path, route template,
 * status, duration, bytes in and out, remote address, user agent, correlation, trace and span
 * IDs. The query string and request headers only when configured; {@code Authorization},
 * {@code Cookie} and {@code Set-Cookie} only when listed by name.
 */
public final class AccessLogListener implements ExchangeListener {
    private static final Logger log = LoggerFactory.getLogger("access");

    private final boolean includeQuery;
    private final String[] headers;

    public AccessLogListener(ObservabilityConfig.AccessLog config) {
        this.includeQuery = config.includeQuery();
        this.headers =
                config.headers().stream().map(h -> h.toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    @Override
    public void onComplete(Request request, Completion completion) {
        if (!log.isInfoEnabled()) {
            return;
        }
        Span span = request.attribute(TracingListener.SPAN).orElse(null);
        AccessEvent event = new AccessEvent(
                request,
                completion,
                request.attribute(Request.CORRELATION_ID).orElse(null),
                span == null ? null : span.getSpanContext(),
                includeQuery,
                headers);
        log.info("{}", event);
    }

    @Override
    public int order() {
        return Filter.ORDER_ACCESS_LOG;
    }

    /** The event's fields, written straight into the JSON encoder's generator. */
    static final class AccessEvent implements StructuredArgument {
        private final Request request;
        private final Completion completion;
        private final @Nullable String correlationId;
        private final @Nullable SpanContext span;
        private final boolean includeQuery;
        private final String[] headers;

        AccessEvent(
                Request request,
                Completion completion,
                @Nullable String correlationId,
                @Nullable SpanContext span,
                boolean includeQuery,
                String[] headers) {
            this.request = request;
            this.completion = completion;
            this.correlationId = correlationId;
            this.span = span;
            this.includeQuery = includeQuery;
            this.headers = headers;
        }

        @Override
        public void writeTo(JsonGenerator g) throws IOException {
            g.writeStringField("method", request.method());
            g.writeStringField("path", request.path());
            if (includeQuery) {
                String uri = request.uri();
                int q = uri.indexOf('?');
                if (q >= 0) {
                    g.writeStringField("query", uri.substring(q + 1));
                }
            }
            g.writeStringField("route", request.route().orElse(HttpServerMetrics.UNMATCHED));
            g.writeNumberField("status", completion.status());
            g.writeNumberField("durationMs", completion.durationNanos() / 1_000_000.0);
            g.writeNumberField("bytesIn", completion.bytesIn());
            g.writeNumberField("bytesOut", completion.bytesOut());
            g.writeStringField(
                    "remoteAddress", request.remoteAddress().getAddress().getHostAddress());
            String userAgent = request.header("User-Agent").orElse(null);
            if (userAgent != null) {
                g.writeStringField("userAgent", userAgent);
            }
            if (completion.outcome() != Completion.Outcome.COMPLETED) {
                g.writeStringField("outcome", completion.outcome().name().toLowerCase(Locale.ROOT));
            }
            String rejection = completion.rejection().orElse(null);
            if (rejection != null) {
                g.writeStringField("rejection", rejection);
            }
            if (correlationId != null) {
                g.writeStringField(CorrelationId.MDC_KEY, correlationId);
            }
            if (span != null) {
                g.writeStringField(CorrelationId.TRACE_ID_KEY, span.getTraceId());
                g.writeStringField(CorrelationId.SPAN_ID_KEY, span.getSpanId());
            }
            for (String header : headers) {
                List<String> values = request.headers(header);
                if (!values.isEmpty()) {
                    g.writeStringField("header." + header, String.join(", ", values));
                }
            }
        }

        @Override
        public String toString() {
            long tenths = completion.durationNanos() / 100_000;
            return request.method() + " " + request.route().orElse(request.path()) + " " + completion.status() + " "
                    + tenths / 10 + "." + tenths % 10 + " ms";
        }
    }
}
