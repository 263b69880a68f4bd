package dev.chassis.observability.internal;

import dev.chassis.core.http.Completion;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Request;
import io.netty.util.AsciiString;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A server span per request: the parent is taken from W3C {@code traceparent}/{@code tracestate}
 * (invalid headers are ignored and a new trace starts), the name is the method and route
 * template, and it ends with the status once the response is written.
 */
public final class TracingListener implements ExchangeListener {
    /** The request attribute holding the server span. */
    public static final dev.chassis.core.http.AttributeKey<Span> SPAN =
            dev.chassis.core.http.AttributeKey.of("otel.span", Span.class);

    private static final io.opentelemetry.api.common.AttributeKey<String> METHOD =
            io.opentelemetry.api.common.AttributeKey.stringKey("http.request.method");
    private static final io.opentelemetry.api.common.AttributeKey<String> ROUTE =
            io.opentelemetry.api.common.AttributeKey.stringKey("http.route");
    private static final io.opentelemetry.api.common.AttributeKey<String> PATH =
            io.opentelemetry.api.common.AttributeKey.stringKey("url.path");
    private static final io.opentelemetry.api.common.AttributeKey<String> SCHEME =
            io.opentelemetry.api.common.AttributeKey.stringKey("url.scheme");
    private static final io.opentelemetry.api.common.AttributeKey<String> USER_AGENT =
            io.opentelemetry.api.common.AttributeKey.stringKey("user_agent.original");
    private static final io.opentelemetry.api.common.AttributeKey<String> PEER =
            io.opentelemetry.api.common.AttributeKey.stringKey("network.peer.address");
    private static final io.opentelemetry.api.common.AttributeKey<Long> STATUS =
            io.opentelemetry.api.common.AttributeKey.longKey("http.response.status_code");
    private static final io.opentelemetry.api.common.AttributeKey<String> ERROR_TYPE =
            io.opentelemetry.api.common.AttributeKey.stringKey("error.type");

    private static final TextMapGetter<Request> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Request request) {
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, String> h : request.headers()) {
                names.add(h.getKey());
            }
            return names;
        }

        @Override
        public @Nullable String get(@Nullable Request request, String key) {
            if (request == null) {
                return null;
            }
            List<String> values = request.headers(lookupName(key));
            if (values.isEmpty()) {
                return null;
            }
            // Several tracestate fields combine into one list (W3C Trace Context 3.3.1.1);
            // several traceparent fields make it invalid, which the propagator then ignores.
            return values.size() == 1
                    ? values.get(0)
                    : (key.equalsIgnoreCase("tracestate") ? String.join(",", values) : "invalid");
        }
    };

    private static final AsciiString TRACEPARENT = AsciiString.cached("traceparent");
    private static final AsciiString TRACESTATE = AsciiString.cached("tracestate");

    /**
     * The W3C headers' names with their hashes kept: a header looked up by a plain string hashes
     * the name on each call, and the propagator asks for both on every request.
     */
    private static CharSequence lookupName(String key) {
        return switch (key) {
            case "traceparent" -> TRACEPARENT;
            case "tracestate" -> TRACESTATE;
            default -> key;
        };
    }

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final boolean idsOnly;
    private final Set<String> untraced;
    private final TraceFlags newTraceFlags;

    /**
     * @param recordsNothing no span is ever exported (exporter {@code none}, no other processor):
     *     each request's span is then only its IDs, made here without the SDK's span builder and
     *     sampler, and never recorded, also when the caller sampled the trace
     * @param untraced route templates whose requests get such a span whatever the exporter: the
     *     health and metrics endpoints, which probes and scrapers call every few seconds
     */
    public TracingListener(OpenTelemetry openTelemetry, boolean recordsNothing, Set<String> untraced) {
        this.tracer = openTelemetry.getTracer("dev.chassis.observability");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.idsOnly = recordsNothing;
        this.untraced = Set.copyOf(untraced);
        // As the SDK marks a trace it starts: not sampled, its ID random (W3C Trace Context level 2).
        this.newTraceFlags =
                TraceFlags.builder().setSampled(false).setRandomTraceId(true).build();
    }

    @Override
    public void onRequest(Request request) {
        Context parent = propagator.extract(Context.root(), request, HEADERS);
        String route = idsOnly ? null : request.route().orElse(null);
        if (idsOnly || (route != null && untraced.contains(route))) {
            request.attribute(SPAN, Span.wrap(idsOnly(Span.fromContext(parent).getSpanContext(), newTraceFlags)));
            return;
        }
        String method = request.method();
        Span span = tracer.spanBuilder(route == null ? method : method + " " + route)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        if (span.isRecording()) {
            span.setAttribute(METHOD, method);
            span.setAttribute(PATH, request.path());
            span.setAttribute(SCHEME, "http");
            if (route != null) {
                span.setAttribute(ROUTE, route);
            }
            request.header("User-Agent").ifPresent(ua -> span.setAttribute(USER_AGENT, ua));
            span.setAttribute(PEER, request.remoteAddress().getAddress().getHostAddress());
        }
        request.attribute(SPAN, span);
    }

    /**
     * The IDs of a span that records nothing: a new span ID in the caller's trace, keeping its
     * sampling flag and trace state so that services further on decide as it did, or a new trace
     * with the given flags. The IDs are random, as the SDK's default generator makes them.
     */
    static SpanContext idsOnly(SpanContext caller, TraceFlags newTraceFlags) {
        return caller.isValid()
                ? SpanContext.create(
                        caller.getTraceId(), HexIds.random64(), caller.getTraceFlags(), caller.getTraceState())
                : SpanContext.create(HexIds.random128(), HexIds.random64(), newTraceFlags, TraceState.getDefault());
    }

    @Override
    public void onComplete(Request request, Completion completion) {
        Span span = request.attribute(SPAN).orElse(null);
        if (span == null) {
            return;
        }
        if (span.isRecording()) {
            int status = completion.status();
            span.setAttribute(STATUS, (long) status);
            if (status >= 500 || completion.outcome() != Completion.Outcome.COMPLETED) {
                span.setStatus(StatusCode.ERROR);
                Throwable failure = completion.failure().orElse(null);
                String errorType = ErrorTypes.server(completion);
                if (errorType != null) {
                    span.setAttribute(ERROR_TYPE, errorType);
                }
                if (failure != null) {
                    span.recordException(failure);
                }
            }
        }
        span.end();
    }

    @Override
    public int order() {
        return Filter.ORDER_TRACING;
    }
}
