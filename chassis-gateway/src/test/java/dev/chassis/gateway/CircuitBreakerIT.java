package dev.chassis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.testkit.ChassisExtension;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance that keeps failing is held back by its circuit breaker: 503 without a connection. */
class CircuitBreakerIT {
    static final RawUpstream raw = RawUpstream.started();

    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(ResilientGatewayService::create)
            .yaml("""
                    clients:
                      broken: {urls: ["%s"]}
                    resilience:
                      broken:
                        circuit-breaker: {window-size: 4, failure-ratio: 0.5, delay: 30s}
                    gateway:
                      routes:
                        - {id: broken, path-prefix: /broken, service: broken}
                    """.formatted(raw.url()))
            .build();

    @AfterAll
    static void stopRaw() throws IOException {
        raw.close();
    }

    @Test
    void aFailingInstanceIsHeldBackByItsBreaker() {
        raw.answer("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\nfail");
        int failures = 0;
        int status = 0;
        while (failures < 10) {
            status = app.client().get("/broken/x").status();
            if (status != 500) {
                break;
            }
            failures++;
        }
        assertThat(status).isEqualTo(503);
        assertThat(failures).isBetween(2, 4);
        int connections = raw.connections();
        app.client()
                .get("/broken/y", "X-Correlation-ID", "open-1")
                .problem()
                .hasStatus(503)
                .hasDetail("route 'broken': the upstream service cannot be reached");
        assertThat(raw.connections()).isEqualTo(connections);
    }
}
