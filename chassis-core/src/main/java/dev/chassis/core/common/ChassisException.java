package dev.chassis.core.common;

/**
 * The root of every unchecked exception the chassis throws, so a service can tell the chassis'
 * failures from its own with one {@code catch}.
 */
public class ChassisException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public ChassisException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public ChassisException(String message, Throwable cause) {
        super(message, cause);
    }
}
