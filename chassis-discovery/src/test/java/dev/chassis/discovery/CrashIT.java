package dev.chassis.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.core.client.ServiceInstance;
import dev.chassis.testkit.consul.FakeConsul;
import dev.chassis.testkit.consul.model.CheckStatus;
import dev.chassis.testkit.consul.model.RegisteredService;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance that dies without deregistering: its check turns critical, its peers stop calling
 * it, and the agent reaps it once it has been critical for the DeregisterCriticalServiceAfter it
 * registered with, so no zombie stays in the catalog.
 */
class CrashIT {
    // The reaper runs only when the test moves the agent's clock, so reaping happens exactly then.
    private final FakeConsul consul = FakeConsul.start(FakeConsul.options().reapInterval(Duration.ofHours(1)));
    private DiscoveredService orders;
    private Process accounts;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (accounts != null) {
            accounts.destroyForcibly();
        }
        if (orders != null) {
            orders.service().stop();
        }
        consul.close();
    }

    private Process startInItsOwnProcess(String name) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        DiscoveredServiceMain.class.getName(),
                        consul.url(),
                        name)
                .redirectErrorStream(true)
                .redirectOutput(Files.createFile(dir.resolve(name + ".log")).toFile())
                .start();
    }

    private Optional<RegisteredService> registered(String name) {
        return consul.services().values().stream()
                .filter(s -> s.name().equals(name))
                .findFirst();
    }

    private List<URI> ordersSeesAccountsAt() {
        return orders.resolver().resolve("accounts").orElseThrow().stream()
                .map(ServiceInstance::baseUri)
                .toList();
    }

    @Test
    void aCrashedInstanceLeavesItsPeersSetAndIsReapedAfterDeregisterCriticalAfter() throws Exception {
        orders = DiscoveredService.create(consul, "orders", "");
        orders.service().start();
        accounts = startInItsOwnProcess("accounts");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> registered("accounts").isPresent());
        RegisteredService instance = registered("accounts").orElseThrow();
        String checkId = "service:" + instance.id();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> consul.checkStatus(checkId).equals(Optional.of(CheckStatus.PASSING)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ordersSeesAccountsAt().equals(List.of(URI.create("http://127.0.0.1:" + instance.port()))));
        assertThat(consul.checks().get(checkId).deregisterCriticalServiceAfter())
                .isEqualTo(Duration.ofMinutes(3));

        accounts.destroyForcibly();
        assertThat(accounts.waitFor(10, TimeUnit.SECONDS)).isTrue();

        // No stop hook ran: the check finds the port closed, and orders drops the instance.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> consul.checkStatus(checkId).equals(Optional.of(CheckStatus.CRITICAL)));
        await().atMost(Duration.ofSeconds(5)).until(() -> ordersSeesAccountsAt().isEmpty());
        assertThat(consul.requests("PUT", "/v1/agent/service/deregister/")).isEmpty();
        assertThat(consul.service(instance.id())).isPresent();

        // Still listed short of its three minutes critical; reaped past them.
        assertThat(consul.advanceClock(Duration.ofSeconds(160))).isEmpty();
        assertThat(consul.service(instance.id())).isPresent();
        assertThat(consul.advanceClock(Duration.ofSeconds(21))).containsExactly(instance.id());

        assertThat(consul.services())
                .doesNotContainKey(instance.id())
                .containsKey("orders-127.0.0.1-" + orders.service().port());
        assertThat(consul.checks()).doesNotContainKey(checkId);
        assertThat(consul.requests("PUT", "/v1/agent/service/deregister/")).isEmpty();
        assertThat(ordersSeesAccountsAt()).isEmpty();
        assertThat(Http.get(orders.service().port(), "/call/accounts").body())
                .isEqualTo("ClientConnectException: accounts: no instance to call (none healthy)");
    }
}
