package dev.chassis.examples.simplebank;

import static dev.chassis.examples.simplebank.ServiceProcess.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chassis.testkit.kafka.KafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SimpleBank's read side as an operator runs it: the packaged jars of accounts-service,
 * transfers-service (whose outbox relay sends the events) and statements-service (the consumer)
 * on H2 files, and a real Kafka broker. Transfers keep coming while statements-service is killed
 * and started again, then transfers-service with its relay; once everything has settled, every
 * completed transfer is in both accounts' statements exactly once, the balances are the sums, a
 * poison record went to the dead-letter topic, the consumer lag is on /metrics and one
 * correlation ID runs from the HTTP request through Kafka into the consumer's log.
 */
class StatementsSystemIT {
    private final Path dir = Path.of(System.getProperty("simplebank.dir", "target/simplebank"));
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void everyCompletedTransferArrivesOnceInEffectAcrossKillsOfTheConsumerAndTheRelay() throws Exception {
        Files.createDirectories(dir);
        for (String log : List.of("accounts-service.log", "transfers-service.log", "statements-service.log")) {
            Files.deleteIfExists(dir.resolve("stmt-" + log));
        }
        KafkaBroker kafka = KafkaBroker.builder()
                .topic("transfers", 3)
                .topic("transfers.DLT", 1)
                .start();
        running.add(kafka);
        String run = UUID.randomUUID().toString();
        ServiceProcess accounts = process(
                "accounts-service",
                "accounts.jar",
                Map.of("CONSUL_ENABLED", "false", "DATABASE_URL", h2("accounts-" + run)));
        accounts.start();
        Map<String, String> kafkaEnv = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        Map<String, String> transfersEnv = new HashMap<>(kafkaEnv);
        transfersEnv.putAll(Map.of(
                "CONSUL_ENABLED", "false",
                "CHASSIS_CLIENTS_ACCOUNTS_SERVICE_URLS", accounts.url(""),
                "DATABASE_URL", h2("transfers-" + run),
                "CHASSIS_TRANSFERS_RECOVERY_INTERVAL", "1s",
                "CHASSIS_TRANSFERS_STALE_AFTER", "3s"));
        ServiceProcess transfers = process("transfers-service", "transfers.jar", transfersEnv);
        transfers.start();
        Map<String, String> statementsEnv = new HashMap<>(kafkaEnv);
        statementsEnv.put("DATABASE_URL", h2("statements-" + run));
        ServiceProcess statements = process("statements-service", "statements.jar", statementsEnv);
        statements.start();

        String alice = open(accounts, "alice", 10_000_000);
        String bob = open(accounts, "bob", 0);

        // One transfer with a correlation ID of its own, traced below through Kafka.
        String correlationId = "stmt-" + run;
        HttpResponse<String> first = transfer(transfers, alice, bob, 100, "X-Correlation-ID", correlationId);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);

        Queue<String> locations = new ConcurrentLinkedQueue<>();
        locations.add(first.headers().firstValue("Location").orElseThrow());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            writers.submit(() -> {
                while (!stop.get()) {
                    try {
                        transfer(transfers, alice, bob, 1 + (int) (Math.random() * 100))
                                .headers()
                                .firstValue("Location")
                                .ifPresent(locations::add);
                    } catch (IOException e) {
                        // transfers-service is down for a moment: not a transfer
                        Thread.sleep(50);
                    }
                }
                return null;
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> locations.size() >= 60);
        statements.kill();
        int atConsumerKill = locations.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> locations.size() >= atConsumerKill + 60);
        statements.start();
        int atRelayKill = locations.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> locations.size() >= atRelayKill + 60);
        transfers.kill();
        transfers.start();
        int afterRestart = locations.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> locations.size() >= afterRestart + 60);
        stop.set(true);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        // A record no one can read, on the consumer's topic.
        kafka.produce(
                "transfers",
                "poison",
                "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of("ce_id", "poison-" + run, "ce_type", "TransferCompleted", "ce_schemaversion", "1"));

        // Every transfer settles (recovery undoes those the kill cut off); the completed ones are the money that moved.
        Map<String, Long> completed = new HashMap<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    completed.clear();
                    for (String location : locations) {
                        JsonNode t = json(transfers.get(location));
                        String state = t.path("state").asText();
                        assertThat(state).as(location).isIn("COMPLETED", "FAILED", "REVERSED", "ABANDONED");
                        if (state.equals("COMPLETED")) {
                            completed.put(
                                    t.path("id").asText(), t.path("amountCents").asLong());
                        }
                    }
                });
        assertThat(completed).hasSizeGreaterThan(200);

        // The ledger is the truth: a transfer whose answer the kill cut off still moved its money.
        long moved = json(accounts.get("/accounts/" + bob)).path("balanceCents").asLong();
        Map<String, Long> credited = new HashMap<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonNode statement = json(statements.get("/accounts/" + bob + "/statement"));
                    assertThat(statement.path("balanceCents").asLong()).isEqualTo(moved);
                    credited.clear();
                    credited.putAll(credits(statement));
                });
        // Every transfer known completed is there once, and everything there is a completed transfer.
        assertThat(credited).containsAllEntriesOf(completed);
        for (String transferId : credited.keySet()) {
            if (!completed.containsKey(transferId)) {
                assertThat(json(transfers.get("/transfers/" + transferId))
                                .path("state")
                                .asText())
                        .as(transferId)
                        .isEqualTo("COMPLETED");
            }
        }
        assertThat(credited.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(moved);
        JsonNode aliceStatement = json(statements.get("/accounts/" + alice + "/statement"));
        assertThat(aliceStatement.path("balanceCents").asLong()).isEqualTo(-moved);
        long debitLines = 0;
        for (JsonNode line : aliceStatement.path("lines")) {
            if (line.path("kind").asText().equals("DEBIT")) {
                debitLines++;
            }
        }
        assertThat(debitLines).isEqualTo(credited.size());

        // The poison record is in the dead-letter topic with its reason; the consumer went on.
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.records("transfers.DLT", 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader("dlt-reason").value(), StandardCharsets.UTF_8))
                .startsWith("payload is not a valid TransferCompleted: ");
        assertThat(messages(statements, null)).anyMatch(m -> m.startsWith("poison record transfers-"));

        // The consumer's lag per partition is on /metrics, and nothing is left to handle.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(statements.get("/metrics").body())
                                .contains(
                                        "messaging_consumer_lag{group=\"statements\",partition=\"0\",topic=\"transfers\"} 0.0")
                                .contains(
                                        "messaging_consumer_lag{group=\"statements\",partition=\"2\",topic=\"transfers\"} 0.0"));

        // One correlation ID: the HTTP request in transfers-service, its event handled in statements-service.
        String firstId = json(transfers.get(locations.peek())).path("id").asText();
        assertThat(messages(transfers, correlationId)).anyMatch(m -> m.startsWith("POST /transfers 201"));
        assertThat(messages(statements, correlationId))
                .contains(
                        "statements: transfer " + firstId + " of 100 cents from " + alice + " to " + bob + " recorded");
    }

    /** The credit lines of a statement: transfer ID to amount; a transfer seen twice fails. */
    private static Map<String, Long> credits(JsonNode statement) {
        Map<String, Long> credits = new HashMap<>();
        for (JsonNode line : statement.path("lines")) {
            if (line.path("kind").asText().equals("CREDIT")) {
                Long before = credits.put(
                        line.path("transferId").asText(),
                        line.path("amountCents").asLong());
                assertThat(before)
                        .as(
                                "transfer %s twice in the statement",
                                line.path("transferId").asText())
                        .isNull();
            }
        }
        return credits;
    }

    private ServiceProcess process(String name, String jarProperty, Map<String, String> env) throws IOException {
        Path jar = Path.of(System.getProperty(jarProperty, "missing-" + jarProperty));
        assertThat(jar).as("the packaged jar (system property %s)", jarProperty).isRegularFile();
        ServiceProcess p = new ServiceProcess("stmt-" + name, jar, freePort(), env, dir);
        running.add(p);
        return p;
    }

    private String h2(String name) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve(name);
    }

    private static String open(ServiceProcess accounts, String owner, long cents) throws Exception {
        HttpResponse<String> r = accounts.send(
                "POST", "/accounts", "{\"owner\":\"" + owner + "\",\"openingBalanceCents\":" + cents + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("id").asText();
    }

    private static HttpResponse<String> transfer(
            ServiceProcess transfers, String from, String to, long cents, String... headers) throws Exception {
        List<String> all =
                new ArrayList<>(List.of("Idempotency-Key", UUID.randomUUID().toString()));
        all.addAll(List.of(headers));
        return transfers.send(
                "POST",
                "/transfers",
                "{\"fromAccount\":\"" + from + "\",\"toAccount\":\"" + to + "\",\"amountCents\":" + cents + "}",
                all.toArray(String[]::new));
    }

    private static List<String> messages(ServiceProcess service, String correlationId) {
        return service.logEvents().stream()
                .filter(e -> correlationId == null
                        || correlationId.equals(e.path("correlationId").asText()))
                .map(e -> e.path("message").asText())
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
