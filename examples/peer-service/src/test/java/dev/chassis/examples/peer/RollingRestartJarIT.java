package dev.chassis.examples.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.core.config.Config;
import dev.chassis.testkit.ContinuousTraffic;
import dev.chassis.testkit.ServiceProcess;
import dev.chassis.testkit.TrafficReport;
import dev.chassis.testkit.consul.FakeConsul;
import dev.chassis.testkit.consul.model.CheckStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Zero loss under traffic, not for a burst: a caller sends calls without pause through discovery
 * (the fake Consul agent) and the chassis client with its retries to two instances of accounts,
 * each the packaged jar in a process of its own. One is restarted, the other stopped with SIGTERM;
 * the caller sees no failed call.
 */
class RollingRestartJarIT {
    private static ServiceProcess accounts(FakeConsul consul) {
        return ServiceProcess.jar(Path.of(System.getProperty("peer.jar")))
                .env("SERVICE_NAME", "accounts")
                .env("CONSUL_URL", consul.url())
                .systemProperty("server.host", "127.0.0.1")
                .systemProperty("discovery.consul.registration.check.interval", "1s")
                .jvmArg("-Xmx128m")
                .build();
    }

    private static Caller caller(FakeConsul consul) {
        Config config =
                Config.builder().yaml("caller", """
                        service: {name: orders, version: 1.0.0}
                        server: {host: 127.0.0.1, port: 0}
                        lifecycle: {propagation-delay: 0s}
                        clients:
                          accounts: {response-timeout: 2s}
                        discovery:
                          consul:
                            enabled: true
                            url: %s
                            registration: {enabled: false}
                            watch: {wait: 5s, min-interval: 50ms}
                        resilience:
                          accounts:
                            retry: {max-attempts: 3, initial-backoff: 20ms, max-backoff: 200ms}
                        """.formatted(consul.url())).build();
        return DaggerCaller.factory().create(config);
    }

    private static void awaitPassing(FakeConsul consul, ServiceProcess instance) {
        String check = "service:accounts-127.0.0.1-" + instance.port();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> consul.checkStatus(check).equals(Optional.of(CheckStatus.PASSING)));
    }

    @Test
    void aCallerUnderContinuousTrafficSeesNoFailureWhileOneInstanceRestartsAndTheOtherStops() {
        try (FakeConsul consul = FakeConsul.start();
                ServiceProcess a = accounts(consul);
                ServiceProcess b = accounts(consul)) {
            a.start();
            b.start();
            awaitPassing(consul, a);
            awaitPassing(consul, b);
            Caller caller = caller(consul);
            caller.service().start();
            TrafficReport report;
            try (ContinuousTraffic traffic = ContinuousTraffic.start(
                    4,
                    () -> caller.clients()
                            .get("accounts")
                            .get("/whoami")
                            .send(Map.class)
                            .get("port"))) {
                traffic.awaitAnswersFrom(a.port(), b.port());

                assertThat(b.terminate()).as("b's exit status after SIGTERM").isZero();
                traffic.runFor(Duration.ofMillis(500));
                b.start();
                awaitPassing(consul, b);
                traffic.awaitAnswersFrom(a.port(), b.port());

                assertThat(a.terminate()).as("a's exit status after SIGTERM").isZero();
                traffic.awaitAnswersFrom(b.port()).runFor(Duration.ofSeconds(1));
                report = traffic.stop();
            } finally {
                caller.service().stop();
            }
            System.out.println("rolling restart under traffic: " + report);
            report.assertNoFailures();
            assertThat(report.sent()).isGreaterThan(500);
            assertThat(report.answeredBy()).containsOnlyKeys(String.valueOf(a.port()), String.valueOf(b.port()));
        }
    }
}
