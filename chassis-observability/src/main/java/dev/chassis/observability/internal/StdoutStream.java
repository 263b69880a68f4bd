package dev.chassis.observability.internal;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * Standard output for the async log appender: buffered (64 KiB), written when the appender
 * flushes at the end of a batch, and never closed (closing an appender must not close fd 1).
 * An event is written whole by one write whenever it fits the buffer, so lines of other writers
 * to stdout never land inside it.
 */
final class StdoutStream extends BufferedOutputStream {
    private StdoutStream() {
        super(new FileOutputStream(FileDescriptor.out), 64 * 1024);
    }

    static StdoutStream create() {
        return new StdoutStream();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
