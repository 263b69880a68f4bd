package dev.chassis.examples.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.testkit.consul.FakeConsul;
import dev.chassis.testkit.consul.model.CheckStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two peers against one fake agent, configured as application.yaml configures them. */
class PeerServiceIT {
    private static Service peer(FakeConsul consul, String name) {
        Config config = Config.builder()
                .classpath(Config.APPLICATION_YAML)
                .substitutionVariables(Map.of("SERVICE_NAME", name, "PORT", "0", "CONSUL_URL", consul.url()))
                .yaml("test", """
                        server: {host: 127.0.0.1}
                        lifecycle: {propagation-delay: 500ms}
                        discovery: {consul: {registration: {check: {interval: 1s}}, watch: {wait: 5s}}}
                        """)
                .build();
        return DaggerPeerComponent.factory().create(config).service();
    }

    private static HttpResponse<String> get(Service service, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ordersCallsAccountsByNameThroughConsul() throws Exception {
        try (FakeConsul consul = FakeConsul.start()) {
            Service accounts = peer(consul, "accounts");
            Service orders = peer(consul, "orders");
            accounts.start();
            orders.start();
            try {
                String accountsCheck = "service:accounts-127.0.0.1-" + accounts.port();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> consul.checkStatus(accountsCheck).equals(Optional.of(CheckStatus.PASSING))
                                && get(orders, "/call/accounts").statusCode() == 200);

                assertThat(get(orders, "/call/accounts").body())
                        .isEqualTo("{\"from\":\"orders\",\"peer\":{\"service\":\"accounts\",\"port\":" + accounts.port()
                                + "}}");

                accounts.stop();

                HttpResponse<String> after = get(orders, "/call/accounts");
                assertThat(after.statusCode()).isEqualTo(502);
                assertThat(after.body()).contains("accounts: no instance to call (none healthy)");
            } finally {
                orders.stop();
                accounts.stop();
            }
        }
    }
}
