package dev.chassis.examples.simplebank;

import static dev.chassis.examples.simplebank.ServiceProcess.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chassis.testkit.consul.FakeConsul;
import dev.chassis.testkit.consul.model.CheckStatus;
import dev.chassis.testkit.kafka.KafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SimpleBank as an operator runs it: the packaged jars of accounts-service and transfers-service
 * as processes, registered in a fake Consul agent, accounts on an H2 file so that a restart keeps
 * them. Transfers, a crash of accounts-service (the breaker opens, the fallback answers), its
 * restart (the breaker closes, the interrupted transfers are undone), one correlation ID in the
 * logs of both services, and a graceful stop.
 */
class SimpleBankSystemIT {
    private static final String PROBLEMS = "https://problems.simplebank.example/";
    private static final Pattern BREAKER =
            Pattern.compile("resilience_circuit_state\\{[^}]*downstream=\"accounts-service\"[^}]*} (\\S+)");

    private static FakeConsul consul;
    // transfers-service publishes its events through Kafka; it is ready once it reaches the broker.
    private static KafkaBroker kafka;
    private static ServiceProcess accounts;
    private static ServiceProcess transfers;

    @BeforeAll
    static void startSimpleBank() throws Exception {
        Path dir = Path.of(System.getProperty("simplebank.dir", "target/simplebank"));
        Files.createDirectories(dir);
        for (String log : List.of("accounts-service.log", "transfers-service.log")) {
            Files.deleteIfExists(dir.resolve(log));
        }
        consul = FakeConsul.start();
        kafka = KafkaBroker.start();
        Map<String, String> common = Map.of("CONSUL_HTTP_ADDR", consul.url());
        accounts = new ServiceProcess(
                "accounts-service",
                jar("accounts.jar"),
                freePort(),
                with(
                        common,
                        "DATABASE_URL",
                        "jdbc:h2:file:" + dir.toAbsolutePath().resolve("accounts-" + UUID.randomUUID())),
                dir);
        transfers = new ServiceProcess(
                "transfers-service",
                jar("transfers.jar"),
                freePort(),
                with(
                        with(common, "CHASSIS_TRANSFERS_RECOVERY_INTERVAL", "1s"),
                        "KAFKA_BOOTSTRAP_SERVERS",
                        kafka.bootstrapServers()),
                dir);
        accounts.start();
        transfers.start();
    }

    @AfterAll
    static void stopSimpleBank() throws Exception {
        if (transfers != null) {
            transfers.close();
        }
        if (accounts != null) {
            accounts.close();
        }
        if (consul != null) {
            consul.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void transfersThroughACrashAndARestartOfAccounts() throws Exception {
        // Both services registered, with passing checks.
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(consul.checks().values())
                        .extracting(c -> c.serviceId().replaceAll("-.*", "") + ":" + c.status())
                        .contains("accounts:" + CheckStatus.PASSING, "transfers:" + CheckStatus.PASSING));

        String alice = open("alice", 10_000);
        String bob = open("bob", 0);

        // A transfer, through discovery; its correlation ID reaches accounts-service.
        String correlationId = "simplebank-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        HttpResponse<String> done = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> transfer(key, alice, bob, 2_500, "X-Correlation-ID", correlationId),
                        r -> r.statusCode() == 201);
        assertThat(json(done).path("state").asText()).isEqualTo("COMPLETED");
        assertThat(balances(alice, bob)).containsExactly(7_500L, 2_500L);

        // The same key again: the first answer, no second movement.
        HttpResponse<String> replay = transfer(key, alice, bob, 2_500);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(replay).path("id").asText())
                .isEqualTo(json(done).path("id").asText());
        assertThat(balances(alice, bob)).containsExactly(7_500L, 2_500L);

        // More than alice holds: refused by accounts-service, nothing moved.
        HttpResponse<String> tooMuch = transfer(UUID.randomUUID().toString(), alice, bob, 1_000_000);
        assertThat(tooMuch.statusCode()).isEqualTo(422);
        assertThat(json(tooMuch).path("type").asText()).isEqualTo(PROBLEMS + "insufficient-funds");

        // One correlation ID in the logs of both services: the request, its debit and its credit.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(messages(transfers, correlationId)).anyMatch(m -> m.startsWith("POST /transfers 201"));
            assertThat(messages(accounts, correlationId))
                    .anyMatch(m -> m.startsWith("PUT /accounts/{id}/debits/{transferId} 200"))
                    .anyMatch(m -> m.startsWith("PUT /accounts/{id}/credits/{transferId} 200"));
        });

        // alice's token was relayed: accounts-service logged her as the caller of the movements.
        assertThat(accounts.logEvents().stream()
                        .filter(e ->
                                correlationId.equals(e.path("correlationId").asText())
                                        && e.path("logger").asText().equals("access"))
                        .map(e -> e.path("subject").asText()))
                .hasSize(2)
                .containsOnly("alice");
        // Without a token nothing moves: 401 with a Bearer challenge.
        HttpResponse<String> anonymous = transfers.sendAs(
                null,
                "POST",
                "/transfers",
                "{\"fromAccount\":\"" + alice + "\",\"toAccount\":\"" + bob + "\",\"amountCents\":1}",
                "Idempotency-Key",
                UUID.randomUUID().toString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(balances(alice, bob)).containsExactly(7_500L, 2_500L);

        // accounts-service crashes: the breaker opens and the fallback answers 503.
        accounts.kill();
        List<String> duringOutage = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    HttpResponse<String> r = transfer(UUID.randomUUID().toString(), alice, bob, 100);
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
                    JsonNode problem = json(r);
                    assertThat(problem.path("type").asText()).isEqualTo(PROBLEMS + "accounts-unavailable");
                    assertThat(problem.path("detail").asText()).contains("Retry with the same Idempotency-Key");
                    duringOutage.add(r.headers().firstValue("Location").orElseThrow());
                    return breaker() == 2.0;
                });

        // accounts-service comes back on its address and database: the breaker lets a trial
        // through and closes, transfers succeed again, and the interrupted ones are undone.
        accounts.start();
        HttpResponse<String> again = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> transfer(UUID.randomUUID().toString(), alice, bob, 500), r -> r.statusCode() == 201);
        assertThat(json(again).path("state").asText()).isEqualTo("COMPLETED");
        // Half-open until enough trial calls succeed: the transfers made meanwhile are those calls.
        List<Long> sentAfterRestart = new ArrayList<>(List.of(500L));
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (breaker() == 0.0) {
                        return true;
                    }
                    assertThat(transfer(UUID.randomUUID().toString(), alice, bob, 100)
                                    .statusCode())
                            .isEqualTo(201);
                    sentAfterRestart.add(100L);
                    return false;
                });
        long movedAfterRestart =
                sentAfterRestart.stream().mapToLong(Long::longValue).sum();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String location : duringOutage) {
                assertThat(json(transfers.get(location)).path("state").asText())
                        .as(location)
                        .isEqualTo("ABANDONED");
            }
        });
        assertThat(balances(alice, bob)).containsExactly(7_500L - movedAfterRestart, 2_500L + movedAfterRestart);

        // No log line of either service holds a token: alice's, or the service's own.
        for (ServiceProcess service : List.of(accounts, transfers)) {
            assertThat(Files.readString(service.logFile()))
                    .doesNotContain(SimpleBankIssuer.ALICE.substring(SimpleBankIssuer.ALICE.lastIndexOf('.') + 1))
                    .doesNotContain(SimpleBankIssuer.CLIENT_SECRET)
                    .doesNotContain("eyJ");
        }

        // A graceful stop (SIGTERM) deregisters accounts-service from Consul, closes the listener,
        // drains, and exits with status 0.
        assertThat(accounts.stop()).as("exit status after SIGTERM").isZero();
        assertThat(consul.services().values()).noneMatch(s -> s.name().equals("accounts-service"));
        assertThat(messages(accounts, null))
                .anyMatch(m -> m.startsWith("stopping accounts-service"))
                .anyMatch(m -> m.startsWith("HTTP server stopped accepting connections on port "))
                .anyMatch(m -> m.startsWith("HTTP server drained in "));
    }

    private static String open(String owner, long cents) throws Exception {
        HttpResponse<String> r = accounts.send(
                "POST", "/accounts", "{\"owner\":\"" + owner + "\",\"openingBalanceCents\":" + cents + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("id").asText();
    }

    private static HttpResponse<String> transfer(String key, String from, String to, long cents, String... headers)
            throws Exception {
        List<String> all = new ArrayList<>(List.of("Idempotency-Key", key));
        all.addAll(List.of(headers));
        return transfers.send(
                "POST",
                "/transfers",
                "{\"fromAccount\":\"" + from + "\",\"toAccount\":\"" + to + "\",\"amountCents\":" + cents + "}",
                all.toArray(String[]::new));
    }

    private static List<Long> balances(String... ids) throws Exception {
        List<Long> balances = new ArrayList<>();
        for (String id : ids) {
            balances.add(
                    json(accounts.get("/accounts/" + id)).path("balanceCents").asLong());
        }
        return balances;
    }

    /** The state of the breaker of accounts-service's one instance, from transfers' /metrics. */
    private static double breaker() throws Exception {
        Matcher m = BREAKER.matcher(transfers.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** The messages a service logged, of one correlation ID or (null) all. */
    private static List<String> messages(ServiceProcess service, String correlationId) {
        return service.logEvents().stream()
                .filter(e -> correlationId == null
                        || correlationId.equals(e.path("correlationId").asText()))
                .map(e -> e.path("message").asText())
                .toList();
    }

    private static Path jar(String property) {
        Path jar = Path.of(System.getProperty(property, "missing-" + property));
        assertThat(jar).as("the packaged jar (system property %s)", property).isRegularFile();
        return jar;
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> map = new java.util.HashMap<>(base);
        map.put(key, value);
        return map;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
