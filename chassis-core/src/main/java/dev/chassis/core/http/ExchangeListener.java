package dev.chassis.core.http;

/**
 * Sees every exchange, rejected ones included: contributed with
 * {@code @Provides @IntoSet ExchangeListener} by modules that measure or log requests.
 *
 * <p>Both methods run on the connection's event loop and must not block. Listeners run in
 * {@link #order()}, lowest first.
 */
public interface ExchangeListener {
    /**
     * Called once the request head is accepted, before any filter or handler; a listener may set
     * attributes and response headers here.
     */
    default void onRequest(Request request) {}

    /** Called once the exchange has ended. */
    default void onComplete(Request request, Completion completion) {}

    /** The position among listeners, lowest first. */
    default int order() {
        return 0;
    }
}
