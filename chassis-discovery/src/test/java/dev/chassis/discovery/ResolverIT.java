package dev.chassis.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.chassis.core.client.ServiceInstance;
import dev.chassis.testkit.consul.FakeConsul;
import dev.chassis.testkit.consul.model.RecordedRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.model.agent.ImmutableRegCheck;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;

/**
 * The resolver against a fake agent: blocking queries, Consul's index rules, rate limiting,
 * last-known-good instances, stale reads, datacenter and zone. The instances of downstream
 * {@code accounts} are WireMock servers registered with TTL checks the test passes and fails.
 */
class ResolverIT {
    private static final String HEALTH = "/v1/health/service/accounts";
    private static final Pattern INDEX = Pattern.compile("(?:^|&)index=(\\d+)");

    private FakeConsul consul;
    private Consul client;
    private final List<WireMockServer> instances = new ArrayList<>();
    private DiscoveredService app;

    @BeforeEach
    void startAgent() {
        consul = FakeConsul.start(FakeConsul.options()
                .reapInterval(Duration.ofMillis(50))
                .minCheckInterval(Duration.ofMillis(20))
                .minDeregisterCriticalServiceAfter(Duration.ZERO));
        client = Consul.builder().withUrl(consul.url()).build();
    }

    @AfterEach
    void stopAll() {
        if (app != null) {
            app.service().stop();
        }
        instances.forEach(WireMockServer::stop);
        client.destroy();
        consul.close();
    }

    /** The service under test, calling {@code accounts}; it does not register itself. */
    private DiscoveredService start(String discovery) {
        app = DiscoveredService.create(consul, "orders", """
                clients: {accounts: {response-timeout: 2s}}
                discovery:
                  consul:
                    registration: {enabled: false}
                %s
                """.formatted(discovery.indent(4)));
        app.service().start();
        return app;
    }

    /** A WireMock instance of accounts answering /whoami with its name, registered passing. */
    private WireMockServer instance(String id, Map<String, String> meta) {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(get("/whoami")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"service\":\"" + id + "\"}")));
        instances.add(server);
        register("accounts", id, server.port(), meta, "passing");
        return server;
    }

    private void register(String name, String id, int port, Map<String, String> meta, String status) {
        client.agentClient()
                .register(ImmutableRegistration.builder()
                        .id(id)
                        .name(name)
                        .address("127.0.0.1")
                        .port(port)
                        .meta(meta)
                        .check(ImmutableRegCheck.builder()
                                .ttl("1h")
                                .status(status)
                                .build())
                        .build());
    }

    private List<String> resolved() {
        return app.resolver().resolve("accounts").orElseThrow().stream()
                .map(i -> i.meta().get("service-id"))
                .sorted()
                .toList();
    }

    private List<RecordedRequest> healthQueries() {
        return consul.requests("GET", HEALTH);
    }

    private static long indexOf(RecordedRequest request) {
        Matcher m = INDEX.matcher(request.query());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private double errors(String reason) {
        return Meters.counter(app.meters(), "discovery.watch.errors", "service", "accounts", "reason", reason);
    }

    @Test
    void resolvesHealthyInstancesThroughABlockingQueryAndCallsThem() {
        instance("accounts-1", Map.of());
        instance("accounts-2", Map.of());
        register("accounts", "accounts-3", 1, Map.of(), "critical");
        start("");

        assertThat(resolved()).containsExactly("accounts-1", "accounts-2");
        Set<String> answered = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = Http.get(app.service().port(), "/call/accounts");
            assertThat(r.statusCode()).isEqualTo(200);
            answered.add(r.body());
        }
        assertThat(answered)
                .containsExactlyInAnyOrder(
                        "{\"answer\":{\"service\":\"accounts-1\"}}", "{\"answer\":{\"service\":\"accounts-2\"}}");

        await().atMost(Duration.ofSeconds(2)).until(() -> healthQueries().size() >= 2);
        List<RecordedRequest> queries = healthQueries();
        // every instance is asked for, passing or not: the critical one is not called, but shown
        assertThat(queries.get(0).query()).isNullOrEmpty();
        assertThat(queries.get(1).query())
                .doesNotContain("passing")
                .contains("wait=5s")
                .contains("index=");
        assertThat(indexOf(queries.get(1))).isPositive();
        assertThat(Meters.gauge(app.meters(), "discovery.instances", "service", "accounts"))
                .isEqualTo(2.0);
        assertThat(Meters.counter(app.meters(), "discovery.watch.updates", "service", "accounts"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(instanceGauges("discovery.instance.health"))
                .containsOnlyKeys("accounts-1", "accounts-2", "accounts-3")
                .containsEntry("accounts-1", 0.0)
                .containsEntry("accounts-2", 0.0)
                .containsEntry("accounts-3", 2.0);
        assertThat(instanceGauges("discovery.instance.age").values()).allMatch(age -> age >= 0 && age < 60);

        // the critical one recovers: it is called, and its gauge follows
        java.net.http.HttpResponse<String> passed =
                Http.put(consul.url() + "/v1/agent/check/pass/service:accounts-3", "");
        assertThat(passed.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> resolved().contains("accounts-3"));
        assertThat(instanceGauges("discovery.instance.health")).containsEntry("accounts-3", 0.0);
        // one leaves discovery: its series go
        client.agentClient().deregister("accounts-2");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(instanceGauges("discovery.instance.health"))
                        .containsOnlyKeys("accounts-1", "accounts-3"));
        assertThat(instanceGauges("discovery.instance.age")).containsOnlyKeys("accounts-1", "accounts-3");
    }

    /** A per-instance gauge of accounts by the instance's service ID (the tag is {@code <id>@<node>}). */
    private Map<String, Double> instanceGauges(String name) {
        Map<String, Double> out = new java.util.TreeMap<>();
        app.meters().find(name).tag("service", "accounts").gauges().forEach(g -> {
            String instance = g.getId().getTag("downstream.instance");
            out.put(instance.substring(0, instance.indexOf('@')), g.value());
        });
        return out;
    }

    @Test
    void anInstanceRegisteredWithoutMetaOrAddressResolvesAtItsNode() throws Exception {
        WireMockServer bare = new WireMockServer(options().dynamicPort());
        bare.start();
        instances.add(bare);
        java.net.http.HttpResponse<String> registered = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(consul.url() + "/v1/agent/service/register"))
                                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "{\"Name\": \"accounts\", \"ID\": \"bare\", \"Port\": " + bare.port()
                                                + ", \"Check\": {\"TTL\": \"1h\", \"Status\": \"passing\"}}"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).isEqualTo(200);

        start("");

        List<ServiceInstance> resolved = app.resolver().resolve("accounts").orElseThrow();
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).baseUri().getPort()).isEqualTo(bare.port());
        assertThat(resolved.get(0).meta()).containsEntry("service-id", "bare").containsEntry("node", "fake-consul");
    }

    @Test
    void anInstanceGoingCriticalLeavesTheSetWithinOneBlockingRound() throws Exception {
        instance("accounts-1", Map.of());
        instance("accounts-2", Map.of());
        start("");
        assertThat(resolved()).containsExactly("accounts-1", "accounts-2");
        await().atMost(Duration.ofSeconds(2)).until(() -> consul.blockedQueries() == 1);
        int before = healthQueries().size();
        Instant failed = Instant.now();

        client.agentClient().failCheck("service:accounts-2");

        await().atMost(Duration.ofSeconds(2)).until(() -> resolved().equals(List.of("accounts-1")));
        assertThat(Duration.between(failed, Instant.now())).isLessThan(Duration.ofSeconds(5));
        // The query blocked when the check failed was answered; at most the next one has been sent.
        assertThat(healthQueries().size() - before).isLessThanOrEqualTo(1);
        for (int i = 0; i < 10; i++) {
            assertThat(Http.get(app.service().port(), "/call/accounts").body())
                    .isEqualTo("{\"answer\":{\"service\":\"accounts-1\"}}");
        }
    }

    @Test
    void oneWatchPerServiceIsSharedByEveryCall() throws Exception {
        instance("accounts-1", Map.of());
        start("");
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                for (int j = 0; j < 10; j++) {
                    Http.get(app.service().port(), "/call/accounts");
                }
            });
            t.start();
            callers.add(t);
        }
        for (Thread t : callers) {
            t.join();
        }

        assertThat(app.resolver().watches()).containsOnlyKeys("accounts");
        await().atMost(Duration.ofSeconds(2)).until(() -> consul.blockedQueries() == 1);
        assertThat(healthQueries().size()).isLessThanOrEqualTo(3);
    }

    @Test
    void callsResolveFromTheCacheWhileTheAgentIsDown() {
        instance("accounts-1", Map.of());
        start("");

        consul.down();

        for (int i = 0; i < 5; i++) {
            assertThat(Http.get(app.service().port(), "/call/accounts").body())
                    .isEqualTo("{\"answer\":{\"service\":\"accounts-1\"}}");
        }
    }

    @Test
    void anIndexThatGoesBackwardsIsResetAndZeroIsNeverSent() {
        instance("accounts-1", Map.of());
        start("watch: {wait: 1s}");
        await().atMost(Duration.ofSeconds(3)).until(() -> healthQueries().size() >= 3);
        long highest =
                healthQueries().stream().mapToLong(ResolverIT::indexOf).max().orElseThrow();
        int before = healthQueries().size();

        consul.indexGoesBackwards();

        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        healthQueries().stream().skip(before).anyMatch(r -> indexOf(r) > 0 && indexOf(r) < highest));
        List<RecordedRequest> after =
                healthQueries().subList(before, healthQueries().size());
        // After the answer that went backwards: a read without index, then blocking on the lower one.
        assertThat(after).anyMatch(r -> indexOf(r) == -1);
        assertThat(healthQueries()).noneMatch(r -> indexOf(r) == 0);

        instance("accounts-2", Map.of());
        await().atMost(Duration.ofSeconds(3)).until(() -> resolved().equals(List.of("accounts-1", "accounts-2")));
    }

    @Test
    void anIndexOfZeroIsNeverSentBackAndTheLoopIsRateLimited() throws Exception {
        instance("accounts-1", Map.of());
        consul.forceIndexZero(true);
        start("watch: {min-interval: 200ms}");
        int before = healthQueries().size();

        Thread.sleep(2_000);

        List<RecordedRequest> during =
                healthQueries().subList(before, healthQueries().size());
        assertThat(during.size()).isBetween(5, 12);
        assertThat(healthQueries()).noneMatch(r -> indexOf(r) == 0);
        assertThat(during).allMatch(r -> indexOf(r) == 1);
        // Rounds start min-interval apart; the agent sees them on arrival, give or take the time a
        // request spends on the way, which a loaded machine stretches for one and not the next
        // (170 ms seen on a shared host). A spinning loop would send them back to back: no pair is
        // that close, and on average they are min-interval apart.
        for (int i = 1; i < during.size(); i++) {
            assertThat(Duration.between(during.get(i - 1).time(), during.get(i).time()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(10));
        }
        assertThat(Duration.between(
                                during.get(0).time(),
                                during.get(during.size() - 1).time())
                        .dividedBy(during.size() - 1))
                .isGreaterThanOrEqualTo(Duration.ofMillis(180));
        assertThat(resolved()).containsExactly("accounts-1");
    }

    @Test
    void aFlappingServiceCannotMakeTheWatchSpin() throws Exception {
        instance("accounts-1", Map.of());
        start("watch: {min-interval: 200ms}");
        int before = healthQueries().size();
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int flaps = 0;
        while (System.nanoTime() < end) {
            register("accounts", "accounts-flappy", 1, Map.of(), "passing");
            client.agentClient().deregister("accounts-flappy");
            flaps++;
        }

        int rounds = healthQueries().size() - before;
        // Tens of changes in two seconds (fewer on a loaded machine) against at most a dozen rounds.
        assertThat(flaps).isGreaterThan(20);
        assertThat(rounds).isBetween(2, 12);
        await().atMost(Duration.ofSeconds(2)).until(() -> resolved().equals(List.of("accounts-1")));
    }

    @Test
    void errorsAndGarbageKeepTheLastGoodInstances() {
        instance("accounts-1", Map.of());
        instance("accounts-2", Map.of());
        start("watch: {wait: 1s}");
        assertThat(resolved()).containsExactly("accounts-1", "accounts-2");

        consul.failNext(HEALTH, 2, 500, "rpc error making call: No cluster leader");
        await().atMost(Duration.ofSeconds(5)).until(() -> errors("status") >= 2);
        assertThat(resolved()).containsExactly("accounts-1", "accounts-2");

        consul.failNext(HEALTH, 2, 200, "{\"Node\": [not json");
        await().atMost(Duration.ofSeconds(5)).until(() -> errors("garbage") >= 2);
        assertThat(resolved()).containsExactly("accounts-1", "accounts-2");

        consul.failNext(HEALTH, 1, 200, "null");
        await().atMost(Duration.ofSeconds(5)).until(() -> errors("garbage") >= 3);
        assertThat(resolved()).containsExactly("accounts-1", "accounts-2");
        assertThat(Http.get(app.service().port(), "/call/accounts").statusCode())
                .isEqualTo(200);
    }

    @Test
    void theAgeOfTheLastGoodAnswerGrowsWhileTheAgentIsAway() throws Exception {
        instance("accounts-1", Map.of());
        start("watch: {wait: 1s}");
        assertThat(Meters.gauge(app.meters(), "discovery.instances.age", "service", "accounts"))
                .isLessThan(1.5);

        consul.down();
        Thread.sleep(3_000);

        assertThat(Meters.gauge(app.meters(), "discovery.instances.age", "service", "accounts"))
                .isGreaterThanOrEqualTo(2.0);
        assertThat(resolved()).containsExactly("accounts-1");
        assertThat(Meters.gauge(app.meters(), "discovery.instances", "service", "accounts"))
                .isEqualTo(1.0);
        // 100ms doubling to 1s, each drawn between half and all: a handful of rounds, not a spin.
        assertThat(errors("unreachable")).isBetween(2.0, 10.0);

        consul.up();
        await().atMost(Duration.ofSeconds(3))
                .until(() -> Meters.gauge(app.meters(), "discovery.instances.age", "service", "accounts") < 1.5);
    }

    @Test
    void failedRoundsAreSpacedByAGrowingJitteredBackoff() {
        instance("accounts-1", Map.of());
        start("watch: {wait: 1s}");
        await().atMost(Duration.ofSeconds(2)).until(() -> consul.blockedQueries() == 1);
        Instant set = Instant.now();

        consul.failNext(HEALTH, 5, 503, "No cluster leader");

        await().atMost(Duration.ofSeconds(8))
                .until(() -> healthQueries().stream()
                                .filter(r -> r.time().isAfter(set))
                                .count()
                        >= 6);
        // The five after the faults were set failed; the sixth answered.
        List<RecordedRequest> rounds = healthQueries().stream()
                .filter(r -> r.time().isAfter(set))
                .limit(6)
                .toList();
        for (int i = 1; i < rounds.size(); i++) {
            Duration gap =
                    Duration.between(rounds.get(i - 1).time(), rounds.get(i).time());
            long ceilingMillis = Math.min(100L << (i - 1), 1_000L);
            assertThat(gap)
                    .as("gap before round %d", i + 1)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(ceilingMillis / 2));
        }
        assertThat(errors("status")).isEqualTo(5.0);
        assertThat(resolved()).containsExactly("accounts-1");
    }

    @Test
    void staleReadsOlderThanMaxStaleAreReadAgainFromTheLeader() {
        instance("accounts-1", Map.of());
        start("watch: {wait: 1s, stale: true, max-stale: 1s}");
        await().atMost(Duration.ofSeconds(2)).until(() -> healthQueries().size() >= 2);
        assertThat(healthQueries()).allMatch(r -> r.query().contains("stale"));
        int before = healthQueries().size();

        consul.staleAnswers(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(5)).until(() -> errors("stale") >= 2);
        List<RecordedRequest> after =
                healthQueries().subList(before, healthQueries().size());
        assertThat(after).anyMatch(r -> !r.query().contains("stale"));
        for (int i = 1; i < after.size(); i++) {
            if (after.get(i - 1).query().contains("stale") && i > 1) {
                assertThat(after.get(i).query())
                        .as("the read after a stale one")
                        .doesNotContain("stale");
            }
        }
        assertThat(resolved()).containsExactly("accounts-1");

        instance("accounts-2", Map.of());
        await().atMost(Duration.ofSeconds(3)).until(() -> resolved().size() == 2);
    }

    @Test
    void readsWithoutStaleByDefault() {
        instance("accounts-1", Map.of());
        start("");

        assertThat(healthQueries()).isNotEmpty().noneMatch(r -> r.query().contains("stale"));
    }

    @Test
    void theDatacenterOptionIsSentWithEveryRead() {
        instance("accounts-1", Map.of());
        start("datacenter: dc1");

        assertThat(resolved()).containsExactly("accounts-1");
        assertThat(healthQueries()).isNotEmpty().allMatch(r -> r.query().contains("dc=dc1"));
    }

    @Test
    void anUnknownDatacenterResolvesNothingAndCountsErrors() {
        instance("accounts-1", Map.of());
        start("datacenter: dc9\nwatch: {start-wait: 0s}");

        await().atMost(Duration.ofSeconds(3)).until(() -> errors("status") >= 1);
        assertThat(resolved()).isEmpty();
        assertThat(Http.get(app.service().port(), "/call/accounts").body())
                .isEqualTo("ClientConnectException: accounts: no instance to call (none healthy)");
    }

    @Test
    void instancesOfTheOwnZoneArePreferredWhileThereAreAny() throws Exception {
        instance("accounts-a", Map.of("zone", "eu-1a"));
        instance("accounts-b", Map.of("zone", "eu-1b"));
        start("zone: eu-1a");

        assertThat(resolved()).containsExactly("accounts-a");
        assertThat(app.resolver().resolve("accounts").orElseThrow())
                .extracting(ServiceInstance::id)
                .containsExactly("accounts-a@fake-consul");
        assertThat(Meters.gauge(app.meters(), "discovery.instances", "service", "accounts"))
                .isEqualTo(2.0);

        client.agentClient().failCheck("service:accounts-a");

        await().atMost(Duration.ofSeconds(2)).until(() -> resolved().equals(List.of("accounts-b")));
    }

    @Test
    void zonePreferenceCanBeTurnedOff() {
        instance("accounts-a", Map.of("zone", "eu-1a"));
        instance("accounts-b", Map.of("zone", "eu-1b"));
        start("zone: eu-1a\nwatch: {prefer-zone: false}");

        assertThat(resolved()).containsExactly("accounts-a", "accounts-b");
    }

    @Test
    void aServiceFirstNamedOnACallGetsItsWatchThen() {
        start("");
        assertThat(app.resolver().watches()).containsOnlyKeys("accounts");
        WireMockServer ledger = new WireMockServer(options().dynamicPort());
        ledger.start();
        instances.add(ledger);
        ledger.stubFor(get("/whoami").willReturn(aResponse().withBody("{\"service\":\"ledger-1\"}")));
        register("ledger", "ledger-1", ledger.port(), Map.of(), "passing");

        assertThat(app.resolver().resolve("ledger")).contains(List.of());

        await().atMost(Duration.ofSeconds(2))
                .until(() -> !app.resolver().resolve("ledger").orElseThrow().isEmpty());
        assertThat(Http.get(app.service().port(), "/call/ledger").body())
                .isEqualTo("{\"answer\":{\"service\":\"ledger-1\"}}");
    }
}
