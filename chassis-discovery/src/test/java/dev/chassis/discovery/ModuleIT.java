package dev.chassis.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.chassis.core.config.Config;
import dev.chassis.testkit.consul.FakeConsul;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module switched off, and on without a meter registry. */
class ModuleIT {
    @Test
    void switchedOffItAddsNothingAndStaticInstancesServe() {
        WireMockServer accounts = new WireMockServer(options().dynamicPort());
        accounts.start();
        accounts.stubFor(get("/whoami").willReturn(aResponse().withBody("{\"service\":\"static\"}")));
        BareService app = DaggerBareService.factory()
                .create(Config.builder()
                        .yaml("test", """
                                service: {name: orders}
                                server: {host: 127.0.0.1, port: 0}
                                lifecycle: {propagation-delay: 0s}
                                clients: {accounts: {urls: ["%s"]}}
                                discovery: {consul: {url: "http://127.0.0.1:1"}}
                                """.formatted(accounts.baseUrl()))
                        .build());
        try {
            app.service().start();

            assertThat(app.clients().get("accounts").get("/whoami").send(Map.class))
                    .isEqualTo(Map.of("service", "static"));
            assertThat(Http.get(app.service().port(), "/health").body()).doesNotContain("consul");
            assertThat(app.service().lookup(MeterRegistry.class)).isEmpty();
        } finally {
            app.service().stop();
            accounts.stop();
        }
    }

    @Test
    void withoutAMeterRegistryItRegistersResolvesAndDeregisters() {
        try (FakeConsul consul = FakeConsul.start()) {
            BareService app = DaggerBareService.factory().create(DiscoveredService.config(consul, "orders", ""));
            app.service().start();
            String id = "orders-127.0.0.1-" + app.service().port();
            try {
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> consul.service(id).isPresent());
                assertThat(Http.get(app.service().port(), "/health").body())
                        .contains("\"consul-registration\":{\"status\":\"UP\",\"details\":{\"state\":\"registered\"");
            } finally {
                app.service().stop();
            }
            assertThat(consul.services()).isEmpty();
        }
    }
}
