package dev.chassis.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.config.Config;
import java.util.Map;
import javax.inject.Singleton;
import org.junit.jupiter.api.Test;

/** A service with no meter registry: the policies work, and record nothing. */
class BareServiceIT {
    @Singleton
    @Component(modules = {ChassisModule.class, ResilienceModule.class})
    interface Bare {
        Service service();

        ServiceClients clients();

        @Component.Factory
        interface Factory {
            Bare create(@BindsInstance Config config);
        }
    }

    @Test
    void policiesRunWithoutARegistry() {
        WireMockServer downstream = new WireMockServer(options().dynamicPort());
        downstream.start();
        Bare app = DaggerBareServiceIT_Bare.factory()
                .create(Config.builder()
                        .yaml("test", """
                                service: {name: bare, version: 1.0.0}
                                server: {host: 127.0.0.1, port: 0}
                                lifecycle: {propagation-delay: 0s}
                                clients: {accounts: {urls: ["http://127.0.0.1:%d"]}}
                                resilience: {accounts: {retry: {initial-backoff: 5ms, max-backoff: 10ms}}}
                                """.formatted(downstream.port()))
                        .build());
        app.service().start();
        try {
            downstream.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("{\"a\":1}")));
            downstream.stubFor(get("/down").willReturn(aResponse().withStatus(503)));
            assertThat(app.clients().get("accounts").get("/ok").send(Map.class)).isEqualTo(Map.of("a", 1));
            assertThatThrownBy(() -> app.clients().get("accounts").get("/down").send(Map.class))
                    .isInstanceOf(ClientStatusException.class);
            assertThat(downstream.findAll(getRequestedFor(urlPathEqualTo("/down"))))
                    .hasSize(3);
        } finally {
            app.service().stop();
            downstream.stop();
        }
    }
}
