package dev.chassis.core.internal.http;

import dev.chassis.core.context.ContextPropagation;
import dev.chassis.core.context.ContextPropagator;
import dev.chassis.core.context.Deadline;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Handler;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Response;
import dev.chassis.core.internal.Texts;
import dev.chassis.core.internal.context.DeadlineHeaders;
import dev.chassis.core.internal.routing.RouteMatch;
import dev.chassis.core.internal.routing.Router;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a complete request from the event loop to its response: route match, listeners, the
 * filter chain around the handler, on the event loop or off it, then the encoded response back to
 * the connection. One per listener (main port, admin port). Thread-safe.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Router<RouteEntry> router;
    private final Handler notFound;
    private final Handler methodNotAllowed;
    private final Handler options;
    private final HandlerExecutor executor;
    private final ResponseEncoder encoder;
    private final @Nullable ResponseCompression compression;
    private final long requestTimeoutNanos;

    Dispatcher(
            List<RouteDefinition> routes,
            List<Filter> filters,
            HandlerExecutor executor,
            ResponseEncoder encoder,
            @Nullable ResponseCompression compression,
            Duration requestTimeout) {
        this.compression = compression;
        List<Filter> ordered =
                filters.stream().sorted(Comparator.comparingInt(Filter::order)).toList();
        Router.Builder<RouteEntry> builder = Router.builder();
        for (RouteDefinition r : routes) {
            builder.add(
                    r.method(),
                    r.template(),
                    new RouteEntry(
                            r.method(), r.template(), chain(ordered, r.handler()), r.onEventLoop(), r.attributes()));
        }
        this.router = builder.build();
        this.notFound = chain(ordered, request -> {
            throw HttpStatusException.notFound(
                    "no route for " + request.method() + " " + Texts.excerpt(request.path()));
        });
        this.methodNotAllowed = chain(ordered, request -> {
            String allow = ((Exchange) request).match.allow();
            throw new HttpStatusException(405, request.method() + " is not allowed here (allowed: " + allow + ")")
                    .header("Allow", allow);
        });
        this.options =
                chain(ordered, request -> Response.noContent().header("Allow", ((Exchange) request).match.allow()));
        this.executor = executor;
        this.encoder = encoder;
        this.requestTimeoutNanos = requestTimeout.toNanos();
    }

    /** The filters around the handler; handler failures become problem responses inside them. */
    private static Handler chain(List<Filter> filters, Handler handler) {
        Handler chain = request -> {
            try {
                Object result = handler.handle(request);
                if (result instanceof CompletionStage<?> stage) {
                    return stage.handle((value, failure) ->
                            failure == null ? value : ErrorResponses.toResponse((Exchange) request, failure));
                }
                return result;
            } catch (Throwable t) {
                return ErrorResponses.toResponse((Exchange) request, t);
            }
        };
        for (int i = filters.size() - 1; i >= 0; i--) {
            Filter filter = filters.get(i);
            Handler next = chain;
            chain = request -> filter.filter(request, next);
        }
        return chain;
    }

    /**
     * On the event loop: match, tell listeners, then answer a rejection or run the handler. A
     * failure of the server's own here is answered with 500, so no request is left unanswered.
     */
    void dispatch(Exchange exchange) {
        try {
            route(exchange);
        } catch (RuntimeException e) {
            log.error("cannot dispatch {}", exchange, e);
            if (exchange.claim()) {
                respondProblem(exchange, new HttpStatusException(500, "the server failed to route the request", e));
            }
        }
    }

    private void route(Exchange exchange) {
        RouteMatch<RouteEntry> match = router.match(exchange.method(), exchange.path());
        exchange.match = match;
        for (ExchangeListener listener : exchange.connection.server().listeners()) {
            try {
                listener.onRequest(exchange);
            } catch (RuntimeException e) {
                log.warn(
                        "exchange listener {} failed on request",
                        listener.getClass().getName(),
                        e);
            }
        }
        if (exchange.rejection != null) {
            reject(exchange);
            return;
        }
        Handler handler;
        boolean onEventLoop = false;
        switch (match.kind()) {
            case FOUND -> {
                RouteEntry route = match.route();
                handler = route.handler();
                onEventLoop = route.onEventLoop();
            }
            case METHOD_NOT_ALLOWED -> handler = methodNotAllowed;
            case OPTIONS -> handler = options;
            default -> handler = notFound;
        }
        long budget = requestTimeoutNanos;
        DeadlineHeaders.Budget caller = DeadlineHeaders.read(exchange.head.headers());
        if (caller.problem() != null) {
            exchange.reject(HttpStatusException.badRequest(caller.problem()), "bad-request");
            reject(exchange);
            return;
        }
        if (caller.nanos() == 0) {
            exchange.reject(
                    new HttpStatusException(504, "the caller's deadline had passed when the request arrived"),
                    "deadline");
            reject(exchange);
            return;
        }
        budget = Math.min(budget, caller.nanos());
        // From the end of the head, as documented: a slow body or a wait behind earlier requests
        // on the connection is spent from the same budget.
        exchange.deadlineNanos = exchange.startNanos + budget;
        if (onEventLoop) {
            run(exchange, handler);
        } else if (!executor.execute(() -> run(exchange, handler))) {
            exchange.reject(
                    HttpStatusException.unavailable(
                            "the server is at its limit of concurrent requests", Duration.ofSeconds(1)),
                    "pool-full");
            reject(exchange);
        }
    }

    void reject(Exchange exchange) {
        if (exchange.claim()) {
            respond(exchange, ErrorResponses.problem(exchange, exchange.rejection));
        }
    }

    /** Answers with a problem; the caller has claimed the exchange. */
    void respondProblem(Exchange exchange, HttpStatusException problem) {
        respond(exchange, ErrorResponses.problem(exchange, problem));
    }

    /** The caller's budget in milliseconds; -1 when the header is not a whole number. */
    private void run(Exchange exchange, Handler handler) {
        if (exchange.gzipBody) {
            HttpStatusException problem =
                    exchange.inflateBody(exchange.connection.server().maxContentLength());
            if (problem != null) {
                exchange.reject(problem, problem.status() == 413 ? "body-too-large" : "bad-request");
                reject(exchange);
                return;
            }
        }
        Object result;
        exchange.handlerThread = Thread.currentThread();
        try (ContextPropagator.Scope deadline = Deadline.attach(Deadline.atNanos(exchange.deadlineNanos))) {
            result = handler.handle(exchange);
        } catch (Throwable t) {
            result = ErrorResponses.toResponse(exchange, t);
        } finally {
            synchronized (exchange) {
                exchange.handlerThread = null;
                if (!exchange.connection.inEventLoop()) {
                    // A timeout may have interrupted this thread; the next task must not see it.
                    Thread.interrupted();
                }
            }
        }
        if (result instanceof CompletionStage<?> stage) {
            // The stage may complete on any thread: finish it with the handler's context.
            ContextPropagation.Snapshot context = ContextPropagation.capture();
            stage.whenComplete((value, failure) -> {
                try (ContextPropagator.Scope ignored = context.attach()) {
                    finish(exchange, failure == null ? value : ErrorResponses.toResponse(exchange, failure));
                }
            });
        } else {
            finish(exchange, result);
        }
    }

    private void finish(Exchange exchange, @Nullable Object result) {
        if (exchange.claim()) {
            respond(exchange, result);
        }
    }

    private void respond(Exchange exchange, @Nullable Object result) {
        ByteBufAllocator alloc = exchange.connection.alloc();
        FullHttpResponse response;
        try {
            response = encoder.encode(exchange, result, alloc);
        } catch (Throwable t) {
            try {
                response = encoder.encode(exchange, ErrorResponses.toResponse(exchange, t), alloc);
            } catch (Throwable again) {
                log.error("cannot encode an error response for {}", exchange, again);
                exchange.connection.abortAndClose(exchange);
                return;
            }
        }
        if (compression != null) {
            response = compression.apply(
                    exchange.head.headers().get(io.netty.handler.codec.http.HttpHeaderNames.ACCEPT_ENCODING),
                    response,
                    alloc);
        }
        exchange.respond(response);
    }

    /** Interrupts the handler of an exchange that ran out of time, if it is still running. */
    static void interrupt(Exchange exchange) {
        synchronized (exchange) {
            Thread t = exchange.handlerThread;
            if (t != null && !exchange.connection.inEventLoop(t)) {
                t.interrupt();
            }
        }
    }
}
