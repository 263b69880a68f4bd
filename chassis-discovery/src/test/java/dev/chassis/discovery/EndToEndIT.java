package dev.chassis.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.core.client.ServiceInstance;
import dev.chassis.testkit.consul.FakeConsul;
import dev.chassis.testkit.consul.model.CheckState;
import dev.chassis.testkit.consul.model.CheckStatus;
import dev.chassis.testkit.consul.model.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two services against one fake agent: both register with an HTTP check and
 * DeregisterCriticalServiceAfter; orders calls accounts by name through a blocking-query watch; an
 * agent restart leads both to register again; stopping accounts deregisters it before its port
 * closes, and orders stops routing to it.
 */
class EndToEndIT {
    private final FakeConsul consul = FakeConsul.start();
    private DiscoveredService accounts;
    private DiscoveredService orders;

    @AfterEach
    void stop() {
        if (orders != null) {
            orders.service().stop();
        }
        if (accounts != null) {
            accounts.service().stop();
        }
        consul.close();
    }

    private static String id(DiscoveredService app, String name) {
        return name + "-127.0.0.1-" + app.service().port();
    }

    private boolean passing(String serviceId) {
        return consul.checkStatus("service:" + serviceId).equals(Optional.of(CheckStatus.PASSING));
    }

    private List<URI> ordersSeesAccountsAt() {
        return orders.resolver().resolve("accounts").orElseThrow().stream()
                .map(ServiceInstance::baseUri)
                .toList();
    }

    @Test
    void twoServicesRegisterFindEachOtherSurviveAnAgentRestartAndStopCleanly() {
        accounts = DiscoveredService.create(consul, "accounts", "lifecycle: {propagation-delay: 500ms}");
        accounts.service().start();
        orders = DiscoveredService.create(consul, "orders", "clients: {accounts: {response-timeout: 2s}}");
        orders.service().start();
        String accountsId = id(accounts, "accounts");
        String ordersId = id(orders, "orders");
        URI accountsUri = URI.create("http://127.0.0.1:" + accounts.service().port());

        // Both register with an HTTP check on readiness and DeregisterCriticalServiceAfter.
        await().atMost(Duration.ofSeconds(5)).until(() -> passing(accountsId) && passing(ordersId));
        for (String id : List.of(accountsId, ordersId)) {
            CheckState check = consul.checks().get("service:" + id);
            assertThat(check.type()).isEqualTo("http");
            assertThat(check.target()).endsWith("/health/ready");
            assertThat(check.deregisterCriticalServiceAfter()).isEqualTo(Duration.ofMinutes(3));
        }

        // orders resolves accounts through a blocking query and calls it by name.
        await().atMost(Duration.ofSeconds(5)).until(() -> ordersSeesAccountsAt().equals(List.of(accountsUri)));
        assertThat(Http.get(orders.service().port(), "/call/accounts").body())
                .isEqualTo("{\"answer\":{\"service\":\"accounts\",\"port\":"
                        + accounts.service().port() + "}}");
        assertThat(consul.requests("GET", "/v1/health/service/accounts"))
                .anyMatch(r -> r.query().contains("index=") && r.query().contains("wait=5s"));

        // A restart that loses every registration: both register again, and the call works again.
        consul.restart();
        assertThat(consul.services()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> passing(accountsId) && passing(ordersId));
        assertThat(consul.services()).containsOnlyKeys(accountsId, ordersId);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ordersSeesAccountsAt().equals(List.of(accountsUri)));
        assertThat(Http.get(orders.service().port(), "/call/accounts").statusCode())
                .isEqualTo(200);

        // Stopping accounts: deregistered, and dropped by orders, before its port closes.
        AtomicReference<Instant> ordersDropped = new AtomicReference<>();
        Thread watcher = new Thread(() -> {
            while (ordersDropped.get() == null && !Thread.currentThread().isInterrupted()) {
                if (ordersSeesAccountsAt().isEmpty()) {
                    ordersDropped.set(Instant.now());
                }
                Thread.onSpinWait();
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        try (Probe probe = Probe.of(accounts.service().port())) {
            accounts.service().stop();
            await().atMost(Duration.ofSeconds(5)).until(() -> probe.firstRefused() != null);

            List<RecordedRequest> deregistered = consul.requests("PUT", "/v1/agent/service/deregister/");
            assertThat(deregistered)
                    .extracting(RecordedRequest::path)
                    .containsExactly("/v1/agent/service/deregister/" + accountsId);
            assertThat(deregistered.get(0).time()).isBefore(probe.firstRefused());
            assertThat(ordersDropped.get()).isNotNull().isBefore(probe.firstRefused());
        } finally {
            watcher.interrupt();
        }
        accounts = null;
        assertThat(consul.services()).containsOnlyKeys(ordersId);
        assertThat(Http.get(orders.service().port(), "/call/accounts").body())
                .isEqualTo("ClientConnectException: accounts: no instance to call (none healthy)");
    }
}
