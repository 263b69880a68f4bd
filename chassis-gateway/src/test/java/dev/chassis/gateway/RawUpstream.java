package dev.chassis.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An upstream on a plain socket that records every byte it receives and answers each connection
 * once with a fixed, possibly invalid, response: what a proxy sent is seen exactly as sent.
 */
final class RawUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicReference<String> answer = new AtomicReference<>(ok("hello"));
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    /** A started upstream, for a static field: a failure to listen fails the test class. */
    static RawUpstream started() {
        try {
            return new RawUpstream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    RawUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "raw-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** What every connection gets from now on, byte for byte. */
    void answer(String raw) {
        answer.set(raw);
    }

    int connections() {
        return connections.get();
    }

    String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
                s.setSoTimeout(2000);
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                // Reads the head and whatever body follows within a short pause, then answers.
                s.setSoTimeout(300);
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (received) {
                            received.write(buf, 0, n);
                        }
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // the client waits for the answer
                }
                OutputStream out = s.getOutputStream();
                out.write(answer.get().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // closed, or the client went away
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
