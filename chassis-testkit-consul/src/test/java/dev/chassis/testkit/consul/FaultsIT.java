package dev.chassis.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chassis.testkit.consul.model.RecordedRequest;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.ConsulException;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.agent.ImmutableRegCheck;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.option.ImmutableQueryOptions;

/** The faults a test can switch on, seen by the client production code uses. */
class FaultsIT {
    private FakeConsul consul;
    private Consul client;

    @BeforeEach
    void start() {
        consul = FakeConsul.start(TestConsul.fast());
        client = TestConsul.client(consul);
    }

    @AfterEach
    void stop() {
        client.destroy();
        consul.close();
    }

    private void register(String id) {
        client.agentClient()
                .register(ImmutableRegistration.builder()
                        .id(id)
                        .name("orders")
                        .check(ImmutableRegCheck.builder().ttl("30s").build())
                        .build());
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", consul.port()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void downRefusesConnectionsAndUpAcceptsThemOnTheSamePortWithStateKept() {
        register("orders-1");
        int port = consul.port();

        consul.down();

        assertThat(consul.isUp()).isFalse();
        assertThat(accepts()).isFalse();
        assertThatThrownBy(() -> client.agentClient().getServices())
                .isInstanceOf(ConsulException.class)
                .hasRootCauseInstanceOf(ConnectException.class);

        consul.up();

        assertThat(consul.port()).isEqualTo(port);
        assertThat(accepts()).isTrue();
        assertThat(client.agentClient().getServices()).containsOnlyKeys("orders-1");
    }

    @Test
    void downCutsABlockedQuery() {
        BigInteger index = client.catalogClient().getServices().getIndex();
        CompletableFuture<ConsulResponse<?>> blocked = CompletableFuture.supplyAsync(() -> client.catalogClient()
                .getServices(
                        ImmutableQueryOptions.builder().index(index).wait("30s").build()));
        await().atMost(Duration.ofSeconds(2)).until(() -> consul.blockedQueries() == 1);

        long start = System.nanoTime();
        consul.down();

        assertThat(blocked).failsWithin(Duration.ofSeconds(3));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void restartForgetsEverythingAndLowersTheIndex() {
        register("orders-1");
        client.keyValueClient().putValue("config/a", "1");
        BigInteger before = client.catalogClient().getServices().getIndex();
        int port = consul.port();

        consul.restart();

        assertThat(consul.port()).isEqualTo(port);
        assertThat(client.agentClient().getServices()).isEmpty();
        assertThat(client.keyValueClient().getValue("config/a")).isEmpty();
        assertThat(client.catalogClient().getServices().getIndex()).isLessThan(before);
        assertThat(client.catalogClient().getServices().getResponse()).containsOnlyKeys("consul");
    }

    @Test
    void slowAnswersOutlastAClientReadTimeout() {
        Consul impatient = TestConsul.client(consul, Duration.ofMillis(300));
        try {
            consul.slowResponses(Duration.ofSeconds(1));

            assertThatThrownBy(() -> impatient.agentClient().getServices())
                    .isInstanceOf(ConsulException.class)
                    .cause()
                    .isInstanceOf(SocketTimeoutException.class);

            consul.clearFaults();
            assertThat(impatient.agentClient().getServices()).isEmpty();
        } finally {
            impatient.destroy();
        }
    }

    @Test
    void slowAnswersArriveLate() {
        consul.slowResponses(Duration.ofMillis(400));

        long start = System.nanoTime();
        client.agentClient().getServices();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void staleAnswersSayTheLeaderIsUnknownAndSinceWhen() {
        consul.staleAnswers(Duration.ofSeconds(7));

        ConsulResponse<?> stale = client.healthClient().getAllServiceInstances("consul");
        assertThat(stale.isKnownLeader()).isFalse();
        assertThat(stale.getLastContact()).isEqualTo(7000);

        consul.staleAnswers(Duration.ZERO);
        ConsulResponse<?> fresh = client.healthClient().getAllServiceInstances("consul");
        assertThat(fresh.isKnownLeader()).isTrue();
        assertThat(fresh.getLastContact()).isZero();
    }

    @Test
    void injectedFailureAnswersTheNextMatchingRequestOnly() {
        consul.failNext("/v1/health/service/orders", 500, "rpc error: No cluster leader");

        assertThat(client.healthClient().getAllServiceInstances("billing").getResponse())
                .isEmpty();
        assertThatThrownBy(() -> client.healthClient().getAllServiceInstances("orders"))
                .isInstanceOfSatisfying(
                        ConsulException.class, e -> assertThat(e.getCode()).isEqualTo(500))
                .hasMessageEndingWith("rpc error: No cluster leader");
        assertThat(client.healthClient().getAllServiceInstances("orders").getResponse())
                .isEmpty();
    }

    @Test
    void injectedGarbageJsonBreaksTheClientsParser() {
        consul.failNext("/v1/agent/services", 2, 200, "{\"orders-1\": {\"ID\": ");

        assertThatThrownBy(() -> client.agentClient().getServices()).isInstanceOf(ConsulException.class);
        assertThatThrownBy(() -> client.agentClient().getServices()).isInstanceOf(ConsulException.class);
        assertThat(client.agentClient().getServices()).isEmpty();
    }

    @Test
    void requestsAreRecordedWithMethodPathQueryAndTime() throws Exception {
        Instant before = Instant.now();
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        http.send(
                HttpRequest.newBuilder(URI.create(consul.url() + "/v1/health/service/orders?passing&tag=v1"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());

        RecordedRequest recorded = consul.requests("GET", "/v1/health/service/").get(0);
        assertThat(recorded.path()).isEqualTo("/v1/health/service/orders");
        assertThat(recorded.query()).isEqualTo("passing&tag=v1");
        assertThat(recorded.time()).isBetween(before, Instant.now());

        consul.clearRequests();
        assertThat(consul.requests()).isEmpty();
    }
}
