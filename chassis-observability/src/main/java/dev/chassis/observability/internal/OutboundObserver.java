package dev.chassis.observability.internal;

import dev.chassis.core.client.ClientObserver;
import dev.chassis.core.client.OutboundCall;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The outbound side of observability: every attempt of the chassis client carries the caller's
 * correlation ID and W3C trace context, is a client span, and is counted in
 * {@code http.client.request.duration} by {@code downstream}, {@code http.request.method},
 * {@code http.route}, {@code server.address}, {@code server.port},
 * {@code http.response.status_code} (when a response came), {@code error.type} (when the attempt
 * failed, see {@link ErrorTypes#client}) and {@code outcome}.
 */
public final class OutboundObserver implements ClientObserver {
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<String> PEER = AttributeKey.stringKey("peer.service");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** The mode of the credential the attempt carries ({@code clients.<name>.auth}), never its value. */
    private static final AttributeKey<String> AUTH = AttributeKey.stringKey("chassis.client.auth");

    private static final TextMapSetter<OutboundCall> HEADERS = (call, name, value) -> {
        if (call != null) {
            call.header(name, value);
        }
    };

    private final String correlationHeader;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final MeterRegistry registry;
    private final Duration[] buckets;
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    public OutboundObserver(
            String correlationHeader, OpenTelemetry openTelemetry, MeterRegistry registry, List<Duration> buckets) {
        this.correlationHeader = correlationHeader;
        this.tracer = openTelemetry.getTracer("dev.chassis.observability");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.registry = registry;
        this.buckets = buckets.toArray(Duration[]::new);
    }

    @Override
    public Observation onStart(OutboundCall call) {
        String correlationId = MDC.get(Correlation.MDC_KEY);
        if (correlationId != null) {
            call.header(correlationHeader, correlationId);
        }
        Span span = tracer.spanBuilder(call.method() + " " + call.route())
                .setSpanKind(SpanKind.CLIENT)
                .setParent(Context.current())
                .startSpan();
        URI uri = call.uri();
        String address = String.valueOf(uri.getHost());
        int port = port(uri);
        if (span.isRecording()) {
            span.setAttribute(METHOD, call.method());
            span.setAttribute(URL, uri.toString());
            span.setAttribute(PEER, call.downstream());
            span.setAttribute(ADDRESS, address);
            span.setAttribute(PORT, (long) port);
            span.setAttribute(AUTH, call.auth());
        }
        propagator.inject(Context.current().with(span), call, HEADERS);
        long start = System.nanoTime();
        return (status, failure) -> {
            long nanos = System.nanoTime() - start;
            String errorType = ErrorTypes.client(status, failure);
            if (span.isRecording()) {
                if (status > 0) {
                    span.setAttribute(STATUS, (long) status);
                }
                if (errorType != null) {
                    span.setAttribute(ERROR_TYPE, errorType);
                }
                if (failure != null || status >= 400) {
                    span.setStatus(StatusCode.ERROR);
                }
                if (failure != null) {
                    span.recordException(failure);
                }
            }
            span.end();
            TimerKey key = new TimerKey(
                    call.downstream(),
                    call.method(),
                    call.route(),
                    address,
                    port,
                    status,
                    errorType,
                    outcome(status, failure));
            Timer timer = timers.get(key);
            if (timer == null) {
                timer = timers.computeIfAbsent(key, this::timer);
            }
            timer.record(nanos, TimeUnit.NANOSECONDS);
        };
    }

    /**
     * A timer's tags; their values are bounded (route templates, the downstream's instances,
     * statuses, exception classes, outcomes).
     */
    private record TimerKey(
            String downstream,
            String method,
            String route,
            String address,
            int port,
            int status,
            @Nullable String errorType,
            String outcome) {}

    private Timer timer(TimerKey key) {
        Timer.Builder builder = Timer.builder("http.client.request.duration")
                .description("Duration of outbound HTTP calls, per attempt")
                .tag("downstream", key.downstream())
                .tag("http.request.method", key.method())
                .tag("http.route", key.route())
                .tag("server.address", key.address())
                .tag("server.port", Integer.toString(key.port()))
                .tag("outcome", key.outcome())
                .serviceLevelObjectives(buckets);
        if (key.status() > 0) {
            builder.tag("http.response.status_code", Integer.toString(key.status()));
        }
        if (key.errorType() != null) {
            builder.tag("error.type", key.errorType());
        }
        return builder.register(registry);
    }

    /** The URI's port, or its scheme's when it names none. */
    static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** A bounded word for how an attempt ended. */
    static String outcome(int status, @Nullable Throwable failure) {
        if (failure != null) {
            Throwable t = failure;
            while (t.getCause() != null && t.getCause() != t && !(t instanceof HttpTimeoutException)) {
                t = t.getCause();
            }
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException) {
                return "connect_error";
            }
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
                return "timeout";
            }
            return status == 0 ? "error" : status >= 500 ? "server_error" : "error";
        }
        if (status >= 500) {
            return "server_error";
        }
        if (status >= 400) {
            return "client_error";
        }
        return "success";
    }
}
