package dev.chassis.core.http;

import static java.util.Objects.requireNonNull;

/**
 * One invalid field of a request body, as listed in the {@code errors} member of a 400 problem.
 *
 * @param pointer a JSON Pointer (RFC 6901) to the field: {@code /amount}, {@code /items/0/sku}
 * @param message what is wrong: {@code must be positive}
 */
public record FieldError(String pointer, String message) {
    /** Creates a field error. */
    public FieldError {
        requireNonNull(pointer, "pointer");
        requireNonNull(message, "message");
    }
}
