package dev.chassis.core.http;

/**
 * Wraps the handlers of every route, on the thread that runs the handler: contributed with
 * {@code @Provides @IntoSet Filter}. A filter may answer by itself, change the request's
 * attributes, or call {@code next} and look at or replace what it returns.
 *
 * <pre>{@code
 * final class ApiKeyFilter implements Filter {
 *     public Object filter(Request request, Handler next) throws Exception {
 *         if (request.header("X-Api-Key").isEmpty()) {
 *             throw new HttpStatusException(401, "an X-Api-Key header is required");
 *         }
 *         return next.handle(request);
 *     }
 *     public int order() { return Filter.ORDER_AUTH; }
 * }
 * }</pre>
 *
 * <p>Filters run in {@link #order()}, lowest outermost. Unmatched requests pass through filters
 * too, and end in a 404 or 405.
 */
public interface Filter {
    /** Position of the correlation-ID filter. */
    int ORDER_CORRELATION = -400;
    /** Position of the tracing filter. */
    int ORDER_TRACING = -300;
    /** Position of metrics. */
    int ORDER_METRICS = -200;
    /** Position of access logging. */
    int ORDER_ACCESS_LOG = -100;
    /** Position for authentication. */
    int ORDER_AUTH = 100;

    /**
     * Handles the request, usually by calling {@code next}.
     *
     * @throws Exception answered as for a {@link Handler}
     */
    Object filter(Request request, Handler next) throws Exception;

    /** The position among filters, lowest outermost. */
    default int order() {
        return 0;
    }
}
