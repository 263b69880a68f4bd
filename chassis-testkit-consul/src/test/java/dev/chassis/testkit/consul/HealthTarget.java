package dev.chassis.testkit.consul;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/** A health endpoint a test turns healthy or not, that HTTP checks are pointed at. */
final class HealthTarget implements AutoCloseable {
    private final HttpServer server;
    private final Queue<String> userAgents = new ConcurrentLinkedQueue<>();
    private volatile int status = 200;
    private volatile Duration delay = Duration.ZERO;

    private HealthTarget(HttpServer server) {
        this.server = server;
    }

    static HealthTarget start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            HealthTarget target = new HealthTarget(server);
            server.createContext("/health", exchange -> {
                target.userAgents.add(
                        String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
                sleep(target.delay);
                byte[] body = ("status " + target.status).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(target.status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    /** Answers with this status from now on. */
    void answer(int status) {
        this.status = status;
    }

    /** Answers this much later from now on. */
    void delay(Duration delay) {
        this.delay = delay;
    }

    Queue<String> userAgents() {
        return userAgents;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
