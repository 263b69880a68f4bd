package dev.chassis.core.client;

import org.jspecify.annotations.Nullable;

/**
 * Sees every outbound call attempt the chassis client makes: contributed with
 * {@code @Provides @IntoSet ClientObserver} by modules that propagate context or measure calls.
 * {@link #onStart} runs on the calling thread, so it sees the caller's context (MDC, current
 * span). Implementations must be thread-safe and must not block.
 */
public interface ClientObserver {
    /** Called before an attempt is sent; may add headers. */
    Observation onStart(OutboundCall call);

    /** The end of one observed attempt. */
    @FunctionalInterface
    interface Observation {
        /**
         * Called once the attempt has ended.
         *
         * @param status the response status, 0 when none arrived
         * @param failure why no response arrived, or what the call failed with
         */
        void onEnd(int status, @Nullable Throwable failure);
    }
}
