package dev.chassis.observability.internal;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.chassis.core.http.Completion;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.PeerIdentity;
import dev.chassis.core.http.Request;
import dev.chassis.observability.config.ObservabilityConfig;
import io.netty.util.AsciiString;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import net.logstash.logback.argument.StructuredArgument;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON event per request on the logger {@code access}: method, path, route template,
 * status, duration, bytes in and out, remote address, user agent, correlation, trace and span
 * IDs, the authenticated caller's name ({@code Request.PRINCIPAL}) as {@code subject}, and under mTLS
 * the verified client certificate's subject and alternative names ({@code peerSubject}, {@code
 * peerNames}). The query string and request headers only when configured; {@code Authorization},
 * {@code Cookie} and {@code Set-Cookie} only when listed by name.
 */
public final class AccessLogListener implements ExchangeListener {
    private static final Logger log = LoggerFactory.getLogger("access");

    private final boolean includeQuery;
    private final String[] headers;
    private final LogSchema.AccessNames names;
    private final String[] headerFields;

    /** The chassis' own field names. */
    public AccessLogListener(ObservabilityConfig.AccessLog config) {
        this(config, ObservabilityConfig.Logging.Fields.CHASSIS);
    }

    /** @param fields the format whose field names the events take */
    public AccessLogListener(ObservabilityConfig.AccessLog config, ObservabilityConfig.Logging.Fields fields) {
        this.includeQuery = config.includeQuery();
        this.headers =
                config.headers().stream().map(h -> h.toLowerCase(Locale.ROOT)).toArray(String[]::new);
        this.names = LogSchema.of(fields).access;
        this.headerFields = headerFields(names, headers);
    }

    static String[] headerFields(LogSchema.AccessNames names, String[] headers) {
        String[] fields = new String[headers.length];
        for (int i = 0; i < headers.length; i++) {
            fields[i] = names.headerPrefix + headers[i];
        }
        return fields;
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
                headers,
                names,
                headerFields);
        log.info("{}", event);
    }

    @Override
    public int order() {
        return Filter.ORDER_ACCESS_LOG;
    }

    /** The event's fields, written straight into the JSON encoder's generator. */
    static final class AccessEvent implements StructuredArgument {
        /** Its hash kept: a header looked up by a plain string hashes the name on each call. */
        private static final AsciiString USER_AGENT_HEADER = AsciiString.cached("User-Agent");
        /** The most characters of a query, User-Agent or logged header value written to the line. */
        static final int MAX_LOGGED_CHARS = 512;

        private static volatile @Nullable HostText lastHost;

        private final Request request;
        /** The route template, read once (the request makes a new {@code Optional} per call). */
        private final @Nullable String route;

        private final Completion completion;
        private final @Nullable String correlationId;
        private final @Nullable SpanContext span;
        private final boolean includeQuery;
        private final String[] headers;
        /** The field names, encoded once. */
        private final LogSchema.AccessNames names;
        /** The headers' field names, in their order. */
        private final String[] headerFields;

        /** With the chassis' own field names. */
        AccessEvent(
                Request request,
                Completion completion,
                @Nullable String correlationId,
                @Nullable SpanContext span,
                boolean includeQuery,
                String[] headers) {
            this(
                    request,
                    completion,
                    correlationId,
                    span,
                    includeQuery,
                    headers,
                    LogSchema.AccessNames.CHASSIS,
                    headerFields(LogSchema.AccessNames.CHASSIS, headers));
        }

        AccessEvent(
                Request request,
                Completion completion,
                @Nullable String correlationId,
                @Nullable SpanContext span,
                boolean includeQuery,
                String[] headers,
                LogSchema.AccessNames names,
                String[] headerFields) {
            this.request = request;
            this.route = request.route().orElse(null);
            this.completion = completion;
            this.correlationId = correlationId;
            this.span = span;
            this.includeQuery = includeQuery;
            this.headers = headers;
            this.names = names;
            this.headerFields = headerFields;
        }

        @Override
        public void writeTo(JsonGenerator g) throws IOException {
            LogSchema.AccessNames names = this.names;
            field(g, names.method, request.method());
            field(g, names.path, request.path());
            if (includeQuery) {
                String uri = request.uri();
                int q = uri.indexOf('?');
                if (q >= 0) {
                    field(g, names.query, capped(uri.substring(q + 1)));
                }
            }
            field(g, names.route, route == null ? HttpServerMetrics.UNMATCHED : route);
            g.writeFieldName(names.status);
            g.writeNumber(completion.status());
            g.writeFieldName(names.duration);
            if (names.durationNanos) {
                g.writeNumber(Math.max(0, completion.durationNanos()));
            } else {
                writeMillis(g, completion.durationNanos());
            }
            g.writeFieldName(names.bytesIn);
            g.writeNumber(completion.bytesIn());
            g.writeFieldName(names.bytesOut);
            g.writeNumber(completion.bytesOut());
            field(g, names.remote, hostText(request.remoteAddress().getAddress()));
            String userAgent = request.header(USER_AGENT_HEADER).orElse(null);
            if (userAgent != null) {
                field(g, names.userAgent, capped(userAgent));
            }
            if (completion.outcome() != Completion.Outcome.COMPLETED) {
                field(g, names.outcome, completion.outcome().name().toLowerCase(Locale.ROOT));
            }
            String rejection = completion.rejection().orElse(null);
            if (rejection != null) {
                field(g, names.rejection, rejection);
            }
            if (correlationId != null) {
                field(g, names.correlation, correlationId);
            }
            java.security.Principal principal =
                    request.attribute(Request.PRINCIPAL).orElse(null);
            if (principal != null) {
                field(g, names.subject, capped(principal.getName()));
            }
            PeerIdentity peer = request.peerIdentity().orElse(null);
            if (peer != null) {
                field(g, names.peerSubject, capped(peer.subject()));
                List<String> sans = peer.subjectAlternativeNames();
                if (!sans.isEmpty()) {
                    g.writeFieldName(names.peerNames);
                    g.writeStartArray();
                    for (int i = 0; i < sans.size() && i < 16; i++) {
                        g.writeString(capped(sans.get(i)));
                    }
                    g.writeEndArray();
                }
            }
            if (span != null) {
                field(g, names.trace, span.getTraceId());
                field(g, names.span, span.getSpanId());
            }
            for (int i = 0; i < headers.length; i++) {
                List<String> values = request.headers(headers[i]);
                if (!values.isEmpty()) {
                    g.writeStringField(headerFields[i], capped(String.join(", ", values)));
                }
            }
        }

        /**
         * The address as text. The last one is kept: requests come in runs from the same peer
         * (a keep-alive connection, a sidecar proxy), and {@link InetAddress#getHostAddress}
         * builds a new string on each call.
         */
        static String hostText(InetAddress address) {
            HostText last = lastHost;
            if (last != null && last.address().equals(address)) {
                return last.text();
            }
            String text = address.getHostAddress();
            lastHost = new HostText(address, text);
            return text;
        }

        private record HostText(InetAddress address, String text) {}

        /**
         * Writes a duration in milliseconds with six decimals (nanosecond precision), from integer
         * arithmetic: formatting a {@code double} costs more than the rest of the event together.
         */
        static void writeMillis(JsonGenerator g, long nanos) throws IOException {
            if (nanos < 0) {
                nanos = 0;
            }
            char[] text = new char[26];
            int end = text.length;
            long fraction = nanos % 1_000_000;
            for (int i = 0; i < 6; i++) {
                text[--end] = (char) ('0' + fraction % 10);
                fraction /= 10;
            }
            text[--end] = '.';
            long millis = nanos / 1_000_000;
            do {
                text[--end] = (char) ('0' + millis % 10);
                millis /= 10;
            } while (millis > 0);
            g.writeNumber(text, end, text.length - end);
        }

        /**
         * A value the client chose, cut to {@link #MAX_LOGGED_CHARS} characters with a note of how
         * many were left out, so that a client cannot make one access line as long as its headers.
         */
        static String capped(String value) {
            if (value.length() <= MAX_LOGGED_CHARS) {
                return value;
            }
            return value.substring(0, MAX_LOGGED_CHARS) + "...(" + (value.length() - MAX_LOGGED_CHARS) + " more)";
        }

        private static void field(JsonGenerator g, SerializedString name, String value) throws IOException {
            g.writeFieldName(name);
            g.writeString(value);
        }

        /**
         * The event's message, {@code GET /orders/{id} 200 1.2 ms}: method, route template (or
         * path), status and duration in milliseconds with one decimal, written into {@code text}
         * from index 0.
         *
         * @param text at least {@link #messageCapacity()} long
         * @return the message's length
         */
        int message(char[] text) {
            String method = request.method();
            String route = routeOrPath();
            long tenths = Math.max(0, completion.durationNanos()) / 100_000;
            int at = put(method, text, 0);
            text[at++] = ' ';
            at = put(route, text, at);
            text[at++] = ' ';
            at = digits(completion.status(), text, at);
            text[at++] = ' ';
            at = digits(tenths / 10, text, at);
            text[at++] = '.';
            text[at++] = (char) ('0' + tenths % 10);
            text[at++] = ' ';
            text[at++] = 'm';
            text[at++] = 's';
            return at;
        }

        /** What {@link #message} needs at most. */
        int messageCapacity() {
            // Two spaces, an int, a long and its decimal, " ms".
            return request.method().length() + routeOrPath().length() + 2 + 11 + 1 + 20 + 2 + 3;
        }

        private String routeOrPath() {
            return route != null ? route : request.path();
        }

        private static int put(String value, char[] text, int at) {
            value.getChars(0, value.length(), text, at);
            return at + value.length();
        }

        /** Writes the number in decimal at {@code at}; returns the index after it. */
        private static int digits(long value, char[] text, int at) {
            if (value < 0) {
                text[at++] = '-';
                value = -value;
            }
            int length = 1;
            for (long rest = value / 10; rest > 0; rest /= 10) {
                length++;
            }
            int end = at + length;
            for (int i = end - 1; i >= at; i--) {
                text[i] = (char) ('0' + value % 10);
                value /= 10;
            }
            return end;
        }

        @Override
        public String toString() {
            char[] text = new char[messageCapacity()];
            return new String(text, 0, message(text));
        }

        /** The access event an event logged by this listener carries, or null for any other event. */
        static @Nullable AccessEvent of(ILoggingEvent event) {
            Object[] arguments = event.getArgumentArray();
            return arguments != null && arguments.length == 1 && arguments[0] instanceof AccessEvent access
                    ? access
                    : null;
        }
    }
}
