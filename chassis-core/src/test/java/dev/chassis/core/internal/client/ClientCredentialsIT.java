package dev.chassis.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.client.ClientConfig;
import dev.chassis.core.client.ClientCredentials;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientObserver;
import dev.chassis.core.client.OutboundRequest;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigProblem;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.context.TaskExecutor;
import dev.chassis.core.http.Response;
import dev.chassis.core.internal.context.TaskExecutors;
import dev.chassis.core.internal.http.TestServerAccess;
import dev.chassis.core.internal.json.JsonCodec;
import dev.chassis.core.internal.netty.EventLoops;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code clients.<name>.auth} selects the contributed credentials each attempt carries. */
class ClientCredentialsIT {
    record Echo(String authorization) {}

    private static TestServerAccess server;
    private static EventLoops loops;
    private static TaskExecutor executor;

    @BeforeAll
    static void start() throws Exception {
        server = TestServerAccess.start(r -> r.get(
                "/whoami",
                request -> Response.ok(new Echo(request.header("Authorization").orElse("-")))));
        ServerConfig config = dev.chassis.core.ConfigBinding.bind(
                        dev.chassis.core.config.Config.builder()
                                .yaml("test", "server: {event-loop-threads: 1}")
                                .build(),
                        List.of(ServerConfig.SECTION))
                .get(ServerConfig.SECTION);
        loops = new EventLoops(config);
        executor = TaskExecutors.create(config);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        executor.shutdown();
        loops.shutdown();
    }

    private static DefaultServiceClients clients(
            Map<String, ClientConfig> config, List<ClientObserver> observers, ClientCredentials... credentials) {
        return new DefaultServiceClients(
                ClientIT.live(config),
                List.of(),
                observers,
                List.of(credentials),
                null,
                null,
                new JsonCodec(JsonCodec.defaultMapper(List.of())),
                loops,
                executor);
    }

    private static ClientCredentials mode(String mode, CompletionStage<Map<String, String>> headers) {
        return new ClientCredentials() {
            @Override
            public String mode() {
                return mode;
            }

            @Override
            public CompletionStage<Map<String, String>> headers(OutboundRequest request) {
                return headers;
            }
        };
    }

    @Test
    void downstreamWithAModeGetsItsHeadersAndObserversSeeTheMode() {
        List<String> modes = new CopyOnWriteArrayList<>();
        ClientObserver observer = call -> {
            modes.add(call.downstream() + " " + call.auth());
            return (status, failure) -> {};
        };
        DefaultServiceClients clients = clients(
                Map.of(
                        "ledger", ClientIT.at(server.port()).withAuth("relay"),
                        "plain", ClientIT.at(server.port())),
                List.of(observer),
                mode("relay", CompletableFuture.completedFuture(Map.of("Authorization", "Bearer abc"))));

        assertThat(clients.get("ledger").get("/whoami").send(Echo.class)).isEqualTo(new Echo("Bearer abc"));
        assertThat(clients.get("plain").get("/whoami").send(Echo.class)).isEqualTo(new Echo("-"));
        assertThat(modes).containsExactly("ledger relay", "plain none");
    }

    @Test
    void credentialFetchedLaterIsAwaitedWithoutBlockingTheCaller() {
        CompletableFuture<Map<String, String>> later = new CompletableFuture<>();
        DefaultServiceClients clients = clients(
                Map.of("ledger", ClientIT.at(server.port()).withAuth("client-credentials")),
                List.of(),
                mode("client-credentials", later));

        CompletableFuture<Echo> call =
                clients.get("ledger").get("/whoami").sendAsync(Echo.class).toCompletableFuture();
        assertThat(call).isNotDone();
        later.complete(Map.of("Authorization", "Bearer fetched"));

        assertThat(call.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo(new Echo("Bearer fetched"));
    }

    @Test
    void failedCredentialFailsTheCallWithItsException() {
        ClientException refused = new ClientException("ledger", "the token endpoint refused the client");
        DefaultServiceClients clients = clients(
                Map.of("ledger", ClientIT.at(server.port()).withAuth("client-credentials")),
                List.of(),
                mode("client-credentials", CompletableFuture.failedFuture(refused)));

        assertThatThrownBy(() -> clients.get("ledger").get("/whoami").send(Echo.class))
                .isSameAs(refused);
    }

    @Test
    void modeNoModuleProvidesIsAConfigurationProblemAtStart() {
        DefaultServiceClients clients = clients(
                Map.of("ledger", ClientIT.at(server.port()).withAuth("relay")),
                List.of(),
                mode("client-credentials", CompletableFuture.completedFuture(Map.of())));

        assertThatThrownBy(clients::checkCredentials)
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(new ConfigProblem(
                                        "clients.ledger.auth",
                                        "relay",
                                        "test",
                                        "no module provides these credentials (expected: none, client-credentials)")));
        assertThatThrownBy(() -> clients.get("ledger").get("/whoami").send(Echo.class))
                .isInstanceOf(ClientException.class)
                .hasMessage("ledger: clients.ledger.auth: 'relay' names no credentials (expected: none,"
                        + " client-credentials)");
    }

    @Test
    void authThatIsNotAModeNameIsRefused() {
        assertThatThrownBy(() -> ClientConfig.defaults().withAuth("Bearer xyz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("auth: 'Bearer xyz' (expected: none, or a mode such as relay or client-credentials)");
    }
}
