package dev.chassis.messaging.event;

/**
 * A set of event handlers, contributed as routes are: {@code @Binds @IntoSet EventHandlers}.
 *
 * <pre>{@code
 * final class StatementHandlers implements EventHandlers {
 *     public void register(Subscriptions subscriptions) {
 *         subscriptions.group("statements")
 *                 .handleOnce("transfers", TransferCompleted.class, statements::completed)
 *                 .handle("transfers", TransferFailed.class, event -> log.info("failed: {}", event.payload()));
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface EventHandlers {
    /** Registers the handlers. Called once, at start-up. */
    void register(Subscriptions subscriptions);
}
