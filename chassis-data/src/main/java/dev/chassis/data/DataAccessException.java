package dev.chassis.data;

import dev.chassis.core.common.ChassisException;

/**
 * A database operation of the chassis failed; the cause is the driver's or the pool's exception,
 * usually a {@link java.sql.SQLException}. Thrown by {@link Transactions} so that transactional
 * code need not declare checked exceptions. A request that fails with one is answered 500, or 503
 * when the cause is that no connection was free in time.
 */
public class DataAccessException extends ChassisException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with its message and cause. */
    public DataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
