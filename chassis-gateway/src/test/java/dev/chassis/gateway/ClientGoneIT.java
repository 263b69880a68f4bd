package dev.chassis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.testkit.ChassisExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that goes away while its request is upstream takes the upstream request with it. */
class ClientGoneIT {
    static final ServerSocket holding = open();

    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(GatewayService::create)
            .yaml("""
                    gateway:
                      routes:
                        - {id: hold, path-prefix: /hold, url: "http://127.0.0.1:%d", timeout: 30s}
                    """.formatted(holding.getLocalPort()))
            .build();

    private static ServerSocket open() {
        try {
            return new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void close() throws IOException {
        holding.close();
    }

    @Test
    void theUpstreamConnectionClosesWhenTheClientGoesAway() throws Exception {
        CompletableFuture<String> headSeen = new CompletableFuture<>();
        CompletableFuture<Long> upstreamClosedAt = CompletableFuture.supplyAsync(() -> {
            try (Socket s = holding.accept()) {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                int b;
                while ((b = in.read()) >= 0) {
                    head.append((char) b);
                    if (head.toString().endsWith("\r\n\r\n") && !headSeen.isDone()) {
                        headSeen.complete(head.toString());
                    }
                }
                return System.nanoTime();
            } catch (IOException e) {
                return System.nanoTime();
            }
        });
        Socket client = new Socket(InetAddress.getLoopbackAddress(), app.port());
        client.getOutputStream().write("GET /hold/x HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        client.getOutputStream().flush();
        assertThat(headSeen.get(5, TimeUnit.SECONDS)).startsWith("GET /hold/x HTTP/1.1\r\n");
        long gone = System.nanoTime();
        client.close();
        long closed = upstreamClosedAt.get(5, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(closed - gone)).isLessThan(2000);
        assertThat(app.logs()
                        .await(e -> e.logger().equals("dev.chassis.gateway.Access")
                                && e.message().contains("route=hold")
                                && e.message().contains("outcome=client-closed")))
                .hasSize(1);
    }
}
