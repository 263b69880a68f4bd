package dev.chassis.core.internal.http;

import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Problem;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a handler threw into the response the client gets: an {@link HttpStatusException}
 * into its problem, an exception an {@code ExceptionMapper} answers for into the problem it chose,
 * anything else into a 500 whose details stay in the log, logged once, on the thread that saw it
 * (so the request's logging context is still there).
 */
final class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger("dev.chassis.core.http.Server");

    private ErrorResponses() {}

    static Response toResponse(Exchange exchange, Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (!(t instanceof HttpStatusException)) {
            HttpStatusException mapped =
                    exchange.connection.server().exceptions().map(t);
            if (mapped != null) {
                t = mapped;
            }
        }
        if (t instanceof HttpStatusException e) {
            if (e.status() >= 500 && e.getCause() != null) {
                log.warn("{} answered {}: {}", describe(exchange), e.status(), e.detail(), e.getCause());
            }
            if (e.status() >= 500) {
                exchange.failure = e;
            }
            return problem(exchange, e);
        }
        exchange.failure = t;
        if (exchange.responded != 0) {
            // Already answered (timed out, aborted, or the client left): nobody will see this.
            log.debug("{} failed after it was answered", describe(exchange), t);
        } else {
            log.error("{} failed", describe(exchange), t);
        }
        return problem(
                exchange,
                new HttpStatusException(500, "The server could not handle the request; the log has details."));
    }

    static Response problem(Exchange exchange, HttpStatusException e) {
        String correlationId = (String) exchange.rawAttribute(Request.CORRELATION_ID);
        Problem problem = e.toProblem(correlationId);
        Response response = Response.problem(problem);
        for (Map.Entry<String, String> header : e.headers()) {
            response.header(header.getKey(), header.getValue());
        }
        return response;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Exchange exchange) {
        return exchange.method() + " "
                + exchange.route().orElse(dev.chassis.core.internal.Texts.excerpt(exchange.path()));
    }
}
