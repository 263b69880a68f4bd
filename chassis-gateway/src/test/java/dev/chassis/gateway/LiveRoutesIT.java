package dev.chassis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.core.config.Config;
import dev.chassis.testkit.consul.FakeConsul;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routes from Consul KV, live: a valid change is applied whole, an invalid one refused whole. */
class LiveRoutesIT {
    private static final String ROUTES = "config/edge/gateway/routes/";
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeConsul consul;
    private RawUpstream first;
    private RawUpstream second;
    private DiscoveredGatewayService app;

    @BeforeEach
    void start() throws IOException {
        consul = FakeConsul.start();
        first = new RawUpstream();
        first.answer(RawUpstream.ok("first"));
        second = new RawUpstream();
        second.answer(RawUpstream.ok("second"));
        consul.putValue(ROUTES + "0/id", "items");
        consul.putValue(ROUTES + "0/path-prefix", "/items");
        consul.putValue(ROUTES + "0/url", first.url());
        Map<String, String> keys = Map.of(
                "discovery.consul.enabled", "true",
                "discovery.consul.url", consul.url(),
                "discovery.consul.registration.enabled", "false",
                "discovery.consul.kv.enabled", "true",
                "discovery.consul.watch.wait", "5s",
                "discovery.consul.watch.min-interval", "50ms");
        Config config = Config.builder()
                .yaml(
                        "defaults for tests",
                        "service: {name: edge}\nserver: {host: 127.0.0.1, port: 0}\n"
                                + "lifecycle: {propagation-delay: 0s}\n")
                .properties("consul for tests", keys)
                .build();
        app = DaggerDiscoveredGatewayService.factory().create(config);
        app.service().start();
    }

    @AfterEach
    void stop() throws IOException {
        if (app != null) {
            app.service().stop();
        }
        consul.close();
        first.close();
        second.close();
    }

    private String get(String path) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + boundPort() + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int boundPort() {
        return app.service().port();
    }

    @Test
    void aRouteChangedInConsulIsFollowedAndABadChangeIsRefusedWhole() {
        assertThat(get("/items/1")).isEqualTo("200 first");
        consul.putValue(ROUTES + "0/url", second.url());
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/items/1").equals("200 second"));
        // A second route overlapping the first: refused, and the running routes stay.
        consul.putValue(ROUTES + "1/id", "clash");
        consul.putValue(ROUTES + "1/path-prefix", "/items");
        consul.putValue(ROUTES + "1/url", first.url());
        await().atMost(Duration.ofSeconds(10)).until(() -> changes("rejected") >= 1);
        assertThat(get("/items/1")).isEqualTo("200 second");
        assertThat(app.live().current().values()).doesNotContainKey("gateway.routes.1.id");
    }

    private double changes(String outcome) {
        MeterRegistry registry = app.service().lookup(MeterRegistry.class).orElseThrow();
        Counter c =
                registry.find("discovery.kv.changes").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }
}
