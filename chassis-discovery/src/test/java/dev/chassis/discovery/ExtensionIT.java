package dev.chassis.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.discovery.config.ConsulConfig;
import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.consul.model.CheckStatus;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit's fakeConsul() points a service with discovery at the fake agent, and
 * downstreamInConsul() registers a faked downstream there for the service to find.
 */
class ExtensionIT {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(
                    c -> DaggerDiscoveredService.factory().create(c).service())
            .withoutApplicationYaml()
            .config("service.name", "orders")
            .fakeConsul()
            .downstreamInConsul("accounts")
            .build();

    @Test
    void theServiceRegistersWithTheFakeAgent() {
        ConsulConfig config = app.config().get(ConsulConfig.SECTION);
        assertThat(config.enabled()).isTrue();
        assertThat(config.url().toString()).isEqualTo(app.consul().url());
        assertThat(config.registration().check().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.watch().blockingWait()).isEqualTo(Duration.ofSeconds(5));

        String id = "orders-127.0.0.1-" + app.port();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> app.consul().checkStatus("service:" + id).equals(Optional.of(CheckStatus.PASSING)));
        app.client().get("/health").assertStatus(200);
        assertThat(app.metrics().gauge("discovery.registration.state", "service", "orders"))
                .isEqualTo(1.0);
        app.logs()
                .await(e -> e.message().startsWith("registered " + id + " (127.0.0.1:" + app.port() + ") with Consul"));
    }

    @Test
    void aDownstreamRegisteredInTheFakeAgentIsFoundThroughDiscovery() {
        app.downstream("accounts").stubJson("GET", "/whoami", 200, "{\"service\":\"wiremock\",\"port\":1}");
        assertThat(app.config()
                        .get(dev.chassis.core.client.ClientsConfig.SECTION)
                        .clients())
                .doesNotContainKey("accounts");
        assertThat(app.consul().services())
                .containsKey("accounts-127.0.0.1-"
                        + app.downstream("accounts").baseUri().getPort());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> app.client().get("/call/accounts").status() == 200);
        app.client()
                .get("/call/accounts")
                .assertStatus(200)
                .assertJson("{\"answer\":{\"service\":\"wiremock\",\"port\":1}}");
        assertThat(app.consul().requests("GET", "/v1/health/service/accounts")).isNotEmpty();
    }
}
