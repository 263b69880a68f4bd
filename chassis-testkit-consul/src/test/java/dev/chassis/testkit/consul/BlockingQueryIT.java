package dev.chassis.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.NotRegisteredException;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.agent.ImmutableRegCheck;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.health.ServiceHealth;
import org.kiwiproject.consul.model.kv.Value;
import org.kiwiproject.consul.option.ImmutableQueryOptions;
import org.kiwiproject.consul.option.QueryOptions;

/** Blocking queries: {@code index} and {@code wait}, and the index they block on. */
class BlockingQueryIT {
    /** Consul's jitter is up to a sixteenth of the wait; the rest is scheduling and the socket. */
    private static final Duration SLACK = Duration.ofMillis(400);

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

    private void register(String id, String name) {
        client.agentClient()
                .register(ImmutableRegistration.builder()
                        .id(id)
                        .name(name)
                        .check(ImmutableRegCheck.builder().ttl("30s").build())
                        .build());
    }

    private static QueryOptions block(BigInteger index, String wait) {
        return ImmutableQueryOptions.builder().index(index).wait(wait).build();
    }

    private static <T> Timed<T> timed(Supplier<T> call) {
        long start = System.nanoTime();
        T value = call.get();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - start));
    }

    private record Timed<T>(T value, Duration elapsed) {}

    @Test
    void healthQueryReturnsPromptlyWhenACheckChanges() throws Exception {
        register("orders-1", "orders");
        BigInteger index =
                client.healthClient().getAllServiceInstances("orders").getIndex();

        CompletableFuture<Timed<ConsulResponse<List<ServiceHealth>>>> blocked = CompletableFuture.supplyAsync(() ->
                timed(() -> client.healthClient().getAllServiceInstances("orders", block(index, "10s"))));
        await().atMost(Duration.ofSeconds(2)).until(() -> consul.blockedQueries() == 1);
        client.agentClient().pass("orders-1");

        Timed<ConsulResponse<List<ServiceHealth>>> answer = blocked.get(5, TimeUnit.SECONDS);
        assertThat(answer.elapsed()).isLessThan(Duration.ofSeconds(2));
        assertThat(answer.value().getIndex()).isGreaterThan(index);
        assertThat(answer.value().getResponse().get(0).getChecks().get(1).getStatus())
                .isEqualTo("passing");
    }

    @Test
    void healthQueryReturnsAtWaitPlusJitterWhenNothingChanges() {
        register("orders-1", "orders");
        BigInteger index =
                client.healthClient().getAllServiceInstances("orders").getIndex();

        Timed<ConsulResponse<List<ServiceHealth>>> answer =
                timed(() -> client.healthClient().getAllServiceInstances("orders", block(index, "1s")));

        assertThat(answer.elapsed())
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1))
                .isLessThan(Duration.ofMillis(1000 + 1000 / 16).plus(SLACK));
        assertThat(answer.value().getIndex()).isEqualTo(index);
    }

    @Test
    void changesToAnotherServiceDoNotWakeTheQuery() {
        register("orders-1", "orders");
        BigInteger index =
                client.healthClient().getAllServiceInstances("orders").getIndex();

        CompletableFuture<Timed<ConsulResponse<List<ServiceHealth>>>> blocked = CompletableFuture.supplyAsync(() ->
                timed(() -> client.healthClient().getAllServiceInstances("orders", block(index, "1s"))));
        await().atMost(Duration.ofSeconds(2)).until(() -> consul.blockedQueries() == 1);
        register("billing-1", "billing");

        Timed<ConsulResponse<List<ServiceHealth>>> answer = blocked.join();
        assertThat(answer.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(answer.value().getIndex()).isEqualTo(index);
    }

    @Test
    void catalogServicesWakeOnRegistrationButNotOnCheckStatus() throws NotRegisteredException {
        register("orders-1", "orders");
        BigInteger index = client.catalogClient().getServices().getIndex();

        client.agentClient().pass("orders-1");
        Timed<BigInteger> unchanged = timed(
                () -> client.catalogClient().getServices(block(index, "1s")).getIndex());
        assertThat(unchanged.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(unchanged.value()).isEqualTo(index);

        CompletableFuture<Timed<BigInteger>> blocked = CompletableFuture.supplyAsync(() -> timed(
                () -> client.catalogClient().getServices(block(index, "10s")).getIndex()));
        await().atMost(Duration.ofSeconds(2)).until(() -> consul.blockedQueries() == 1);
        register("billing-1", "billing");
        Timed<BigInteger> woken = blocked.join();
        assertThat(woken.elapsed()).isLessThan(Duration.ofSeconds(2));
        assertThat(woken.value()).isGreaterThan(index);
    }

    @Test
    void keyQueryWakesForItsKeyOnly() {
        client.keyValueClient().putValue("config/a", "1");
        client.keyValueClient().putValue("config/b", "1");
        BigInteger index = client.keyValueClient()
                .getConsulResponseWithValue("config/a")
                .orElseThrow()
                .getIndex();

        CompletableFuture<Timed<ConsulResponse<Value>>> blocked =
                CompletableFuture.supplyAsync(() -> timed(() -> client.keyValueClient()
                        .getConsulResponseWithValue("config/a", block(index, "5s"))
                        .orElseThrow()));
        await().atMost(Duration.ofSeconds(2)).until(() -> consul.blockedQueries() == 1);
        client.keyValueClient().putValue("config/b", "2");
        sleep(Duration.ofMillis(300));
        assertThat(blocked).isNotDone();

        client.keyValueClient().putValue("config/a", "2");
        Timed<ConsulResponse<Value>> answer = blocked.join();
        assertThat(answer.elapsed()).isLessThan(Duration.ofSeconds(3));
        assertThat(answer.value().getResponse().getValueAsString()).contains("2");
        assertThat(answer.value().getIndex()).isGreaterThan(index);
    }

    @Test
    void prefixQueryWakesWhenAKeyUnderItIsDeleted() {
        client.keyValueClient().putValue("config/a", "1");
        client.keyValueClient().putValue("config/b", "1");
        client.keyValueClient().putValue("other", "1");
        BigInteger index =
                client.keyValueClient().getConsulResponseWithValues("config/").getIndex();

        CompletableFuture<ConsulResponse<List<Value>>> blocked = CompletableFuture.supplyAsync(
                () -> client.keyValueClient().getConsulResponseWithValues("config/", block(index, "5s")));
        await().atMost(Duration.ofSeconds(2)).until(() -> consul.blockedQueries() == 1);
        // The deleted key leaves a tombstone: without it the prefix's index would stay at config/b's.
        client.keyValueClient().deleteKey("config/b");

        ConsulResponse<List<Value>> answer = blocked.join();
        assertThat(answer.getIndex()).isGreaterThan(index);
        assertThat(answer.getResponse()).extracting(Value::getKey).containsExactly("config/a");
    }

    @Test
    void indexOnlyMovesForward() throws NotRegisteredException {
        long last = consul.index();
        register("orders-1", "orders");
        assertThat(consul.index()).isGreaterThan(last);
        last = consul.index();
        client.agentClient().pass("orders-1");
        assertThat(consul.index()).isGreaterThan(last);
        last = consul.index();
        client.keyValueClient().putValue("k", "v");
        assertThat(consul.index()).isGreaterThan(last);
        last = consul.index();
        client.agentClient().deregister("orders-1");
        assertThat(consul.index()).isGreaterThan(last);
        assertThat(client.catalogClient().getServices().getIndex().longValue()).isEqualTo(consul.index());
    }

    @Test
    void outputAloneDoesNotMoveTheIndexButStatusDoes() throws NotRegisteredException {
        register("orders-1", "orders");
        client.agentClient().pass("orders-1", "first");
        BigInteger index =
                client.healthClient().getAllServiceInstances("orders").getIndex();

        client.agentClient().pass("orders-1", "second");
        assertThat(client.healthClient().getAllServiceInstances("orders").getIndex())
                .isEqualTo(index);

        client.agentClient().warn("orders-1", "second");
        assertThat(client.healthClient().getAllServiceInstances("orders").getIndex())
                .isGreaterThan(index);
    }

    @Test
    void identicalReRegistrationDoesNotMoveTheIndex() {
        register("orders-1", "orders");
        long index = consul.index();

        register("orders-1", "orders");

        assertThat(consul.index()).isEqualTo(index);
    }

    @Test
    void indexGoingBackwardsLowersReadsAndBlocksAnOldIndexForTheWholeWait() {
        register("orders-1", "orders");
        BigInteger before =
                client.healthClient().getAllServiceInstances("orders").getIndex();

        consul.indexGoesBackwards();

        BigInteger after =
                client.healthClient().getAllServiceInstances("orders").getIndex();
        assertThat(after).isLessThan(before);
        Timed<BigInteger> blocked = timed(() -> client.healthClient()
                .getAllServiceInstances("orders", block(before, "1s"))
                .getIndex());
        assertThat(blocked.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(blocked.value()).isEqualTo(after);
        assertThat(consul.services()).containsKey("orders-1");
    }

    @Test
    void forcedIndexZeroIsReportedOnEveryRead() {
        register("orders-1", "orders");
        consul.forceIndexZero(true);

        assertThat(client.healthClient().getAllServiceInstances("orders").getIndex())
                .isZero();
        assertThat(client.catalogClient().getServices().getIndex()).isZero();

        consul.forceIndexZero(false);
        assertThat(client.catalogClient().getServices().getIndex()).isPositive();
    }

    @Test
    void queryOfAClientThatHangsUpIsDropped() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", consul.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/catalog/services?index=" + consul.index() + "&wait=1m HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(2)).until(() -> consul.blockedQueries() == 1);
        }

        await().atMost(Duration.ofSeconds(2)).until(() -> consul.blockedQueries() == 0);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
