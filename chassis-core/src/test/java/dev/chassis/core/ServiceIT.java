package dev.chassis.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.common.ChassisException;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.health.Health;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.core.lifecycle.ServiceState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A whole service from its Dagger component: configuration, lifecycle, health and info. */
class ServiceIT {
    private static final HttpClient client = HttpClient.newHttpClient();

    record Greeting(String message) {}

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                BodyHandlers.ofString());
    }

    private static LifecycleParticipant recorder(String name, int phase, List<String> events, Service[] service) {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int phase() {
                return phase;
            }

            @Override
            public void start() {
                events.add("start " + name);
            }

            @Override
            public void onReady() {
                events.add("ready " + name);
            }

            @Override
            public void beforeStop() throws Exception {
                int status = get(service[0].port(), "/health/ready").statusCode();
                events.add("beforeStop " + name + " ready=" + status);
            }

            @Override
            public void stop() {
                events.add("stop " + name);
            }
        };
    }

    @Test
    void startsServesAndStopsInPhaseOrder() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Service[] holder = new Service[1];
        TestParts parts = new TestParts()
                .routes(r -> r.get(
                        "/hello/{name}",
                        req -> new Greeting("hello, " + req.pathParam("name").asString())))
                .participant(recorder("announce", LifecycleParticipant.PHASE_ANNOUNCE, events, holder))
                .participant(recorder("pool", LifecycleParticipant.PHASE_RESOURCES, events, holder));
        Service service = TestComponent.service(parts, "service: {name: test-service, version: 1.2.3}");
        holder[0] = service;
        assertThat(service.state()).isEqualTo(ServiceState.NEW);

        service.start();

        assertThat(service.state()).isEqualTo(ServiceState.READY);
        assertThat(service.port()).isPositive();
        assertThat(get(service.port(), "/hello/you").body()).isEqualTo("{\"message\":\"hello, you\"}");
        HttpResponse<String> ready = get(service.port(), "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body())
                .isEqualTo(
                        "{\"status\":\"UP\",\"components\":{\"lifecycle\":{\"status\":\"UP\",\"details\":{\"state\":\"READY\"}}}}");
        HttpResponse<String> info = get(service.port(), "/info");
        assertThat(info.body())
                .startsWith("{\"name\":\"test-service\",\"version\":\"1.2.3\",\"startTime\":\"")
                .contains("\"javaVersion\":\"" + Runtime.version());

        service.stop();

        assertThat(service.state()).isEqualTo(ServiceState.STOPPED);
        assertThat(events)
                .containsExactly(
                        "start pool",
                        "start announce",
                        "ready pool",
                        "ready announce",
                        "beforeStop announce ready=503",
                        "beforeStop pool ready=503",
                        "stop announce",
                        "stop pool");
    }

    @Test
    void readinessReflectsChecksAndLivenessItsOwn() throws Exception {
        AtomicBoolean dbUp = new AtomicBoolean(true);
        TestParts parts = new TestParts()
                .check(new HealthCheck() {
                    @Override
                    public String name() {
                        return "db";
                    }

                    @Override
                    public Health check() {
                        return dbUp.get() ? Health.up().withDetail("active", 1) : Health.down("connection refused");
                    }
                })
                .check(new HealthCheck() {
                    @Override
                    public String name() {
                        return "deadlock";
                    }

                    @Override
                    public Kind kind() {
                        return Kind.LIVENESS;
                    }

                    @Override
                    public Health check() {
                        throw new IllegalStateException("threads stuck");
                    }
                });
        Service service = TestComponent.service(parts, "");
        service.start();
        try {
            assertThat(get(service.port(), "/health/ready").body())
                    .contains("\"db\":{\"status\":\"UP\",\"details\":{\"active\":1}}");
            dbUp.set(false);
            HttpResponse<String> down = get(service.port(), "/health/ready");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).startsWith("{\"status\":\"DOWN\"").contains("\"reason\":\"connection refused\"");
            HttpResponse<String> live = get(service.port(), "/health/live");
            assertThat(live.statusCode()).isEqualTo(503);
            assertThat(live.body())
                    .isEqualTo("{\"status\":\"DOWN\",\"components\":{\"deadlock\":{\"status\":\"DOWN\",\"details\":"
                            + "{\"reason\":\"IllegalStateException: threads stuck\"}}}}");
            assertThat(get(service.port(), "/health").body())
                    .contains("\"deadlock\"")
                    .contains("\"db\"")
                    .contains("\"lifecycle\"");
        } finally {
            service.stop();
        }
    }

    @Test
    void adminRoutesMoveToTheAdminPort() throws Exception {
        Service service = TestComponent.service(new TestParts(), "admin: {port: 0, host: 127.0.0.1}");
        service.start();
        try {
            assertThat(service.adminPort()).isNotEqualTo(service.port());
            assertThat(get(service.adminPort(), "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(service.adminPort(), "/info").statusCode()).isEqualTo(200);
            assertThat(get(service.port(), "/health/ready").statusCode()).isEqualTo(404);
        } finally {
            service.stop();
        }
    }

    @Test
    void invalidConfigurationFailsStartWithEveryBadKey() {
        Service service = TestComponent.service(
                new TestParts(), "server: {max-header-count: lots, prot: 1}\nlifecycle: {grace-period: forever}");
        assertThatThrownBy(service::start)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.max-header-count = 'lots' (from test)")
                .hasMessageContaining("server.prot = '1' (from test): unknown key; did you mean server.port?")
                .hasMessageContaining("lifecycle.grace-period = 'forever' (from test)");
    }

    @Test
    void printConfigListsEveryKeyWithItsSourceWithoutStarting() {
        Service service = TestComponent.service(new TestParts(), "lifecycle: {grace-period: 7s}");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = service.answer(
                dev.chassis.core.config.Config.Action.PRINT_CONFIG,
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                System.err);
        assertThat(status).isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8).lines())
                .contains(
                        "lifecycle.grace-period = 7s  (test)",
                        "server.host = 127.0.0.1  (defaults for tests)",
                        "server.request-timeout = 30s  (default)");
        assertThat(service.state()).isEqualTo(ServiceState.NEW);
    }

    @Test
    void printConfigOfAnInvalidConfigurationNamesTheKeyAndFails() {
        Service service = TestComponent.service(new TestParts(), "server: {prot: 1}");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = service.answer(
                dev.chassis.core.config.Config.Action.PRINT_CONFIG,
                System.out,
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("server.prot = '1' (from test): unknown key; did you mean server.port?");
    }

    @Test
    void conformanceListsTheChassisVersionEndpointsAndFeaturesSwitchedOffWithoutStarting() {
        Service service = TestComponent.service(new TestParts(), "lifecycle: {grace-period: 0s}");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = service.answer(
                dev.chassis.core.config.Config.Action.CONFORMANCE,
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                System.err);
        assertThat(status).isZero();
        String report = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(report.lines().findFirst().orElseThrow()).matches(".+ on dev\\.chassis \\d+\\.\\d+\\.\\d+.*");
        assertThat(report)
                .contains("/health/live /health/ready /health /info  main port")
                .containsPattern("off +chassis-core +graceful stop +lifecycle\\.grace-period: 0s +\\(test\\)")
                .containsPattern("on +chassis-core +request deadline +server\\.request-timeout: 30s +\\(default\\)")
                .contains("switched off: graceful stop")
                .contains("not in the service: chassis-observability (JSON logs, access log, metrics, tracing), "
                        + "chassis-resilience (");
        assertThat(service.state()).isEqualTo(ServiceState.NEW);
    }

    @Test
    void helpPrintsTheUsage() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = TestComponent.service(new TestParts(), "")
                .answer(
                        dev.chassis.core.config.Config.Action.HELP,
                        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                        System.err);
        assertThat(status).isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .startsWith(
                        "Usage: java -jar <service>.jar [--config <file>] [--print-config] [--conformance] [--help]")
                .contains("--print-config    print the effective configuration");
    }

    @Test
    void aPortInUseFailsStartWithTheAddressAndTheKey() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Service service = TestComponent.service(
                    new TestParts(), "server: {host: 127.0.0.1, port: " + taken.getLocalPort() + "}");
            assertThatThrownBy(service::start)
                    .isInstanceOf(ChassisException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort()
                            + ": the port is in use by another process (set server.port, or server.host to bind"
                            + " another address)");
            assertThat(service.state()).isEqualTo(ServiceState.FAILED);
        }
    }

    @Test
    void failingParticipantStopsWhatStarted() {
        List<String> events = new CopyOnWriteArrayList<>();
        Service[] holder = new Service[1];
        TestParts parts = new TestParts()
                .participant(recorder("pool", LifecycleParticipant.PHASE_RESOURCES, events, holder))
                .participant(new LifecycleParticipant() {
                    @Override
                    public int phase() {
                        return 500;
                    }

                    @Override
                    public void start() {
                        throw new IllegalStateException("cannot reach the database");
                    }
                });
        Service service = TestComponent.service(parts, "");
        holder[0] = service;
        assertThatThrownBy(service::start).hasMessageContaining("cannot reach the database");
        assertThat(service.state()).isEqualTo(ServiceState.FAILED);
        assertThat(events).containsExactly("start pool", "stop pool");
    }

    @Test
    void handlersRunOnVirtualThreadsWhereTheJvmHasThem() throws Exception {
        TestParts parts = new TestParts()
                .routes(r -> r.get(
                        "/thread", req -> new Greeting(Thread.currentThread().toString())));
        Service service = TestComponent.service(parts, "");
        service.start();
        try {
            String thread = get(service.port(), "/thread").body();
            if (Runtime.version().feature() >= 21) {
                assertThat(thread).contains("VirtualThread").contains("chassis-handler-");
            } else {
                assertThat(thread).contains("chassis-worker");
            }
        } finally {
            service.stop();
        }
    }
}
