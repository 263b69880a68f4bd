package dev.chassis.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Connects to a port again and again and records when a connection is first refused. */
final class Probe implements AutoCloseable {
    private final AtomicReference<Instant> firstRefused = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    private Probe(int port) {
        thread = new Thread(() -> {
            while (running && firstRefused.get() == null) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                } catch (IOException e) {
                    firstRefused.compareAndSet(null, Instant.now());
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    static Probe of(int port) {
        return new Probe(port);
    }

    /** When a connection was first refused; null while every one is accepted. */
    Instant firstRefused() {
        return firstRefused.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
