package dev.chassis.core.internal.client;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** The connection broke during an attempt; says whether the request had been written. */
final class TransportException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean written;

    TransportException(String message, boolean written, @Nullable Throwable cause) {
        super(message, cause);
        this.written = written;
    }

    boolean written() {
        return written;
    }
}
