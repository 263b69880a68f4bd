package dev.chassis.messaging.event;

/**
 * Thrown by a handler for an event it can never handle: the event goes to the dead-letter topic at
 * once, with this message as the reason, instead of being tried again.
 *
 * <pre>{@code
 * if (event.payload().amountCents() <= 0) {
 *     throw new EventRejectedException("amountCents: " + event.payload().amountCents() + " (expected: > 0)");
 * }
 * }</pre>
 */
public class EventRejectedException extends MessagingException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the reason. */
    public EventRejectedException(String reason) {
        super(reason);
    }

    /** Creates the exception with the reason and its cause. */
    public EventRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
