package dev.chassis.messaging.event;

import dev.chassis.core.common.ChassisException;

/** The root of the exceptions chassis-messaging throws. */
public class MessagingException extends ChassisException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public MessagingException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public MessagingException(String message, Throwable cause) {
        super(message, cause);
    }
}
