package dev.chassis.observability.internal;

import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Handler;
import dev.chassis.core.http.Request;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * Puts the request's context on the thread that runs its handler: the correlation ID, trace ID
 * and span ID in the MDC, and the server span as the current OpenTelemetry context. All of it is
 * removed when the handler returns, so nothing leaks into the next request on a reused thread.
 */
public final class RequestContextFilter implements Filter {
    @Override
    public Object filter(Request request, Handler next) throws Exception {
        String correlationId = request.attribute(Request.CORRELATION_ID).orElse(null);
        Span span = request.attribute(TracingListener.SPAN).orElse(null);
        if (correlationId != null) {
            MDC.put(Correlation.MDC_KEY, correlationId);
        }
        Scope scope = null;
        if (span != null) {
            SpanContext context = span.getSpanContext();
            MDC.put(Correlation.TRACE_ID_KEY, context.getTraceId());
            MDC.put(Correlation.SPAN_ID_KEY, context.getSpanId());
            scope = span.makeCurrent();
        }
        try {
            return next.handle(request);
        } finally {
            if (scope != null) {
                scope.close();
                MDC.remove(Correlation.TRACE_ID_KEY);
                MDC.remove(Correlation.SPAN_ID_KEY);
            }
            MDC.remove(Correlation.MDC_KEY);
        }
    }

    @Override
    public int order() {
        return ORDER_CORRELATION;
    }
}
