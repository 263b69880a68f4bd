package dev.chassis.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.agent.ImmutableRegCheck;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.health.ServiceHealth;
import org.kiwiproject.consul.option.ImmutableQueryOptions;

/** The fake agent as its own process, started from the command line as the README starts it. */
class FakeConsulProcessIT {
    private static final Pattern LISTENING = Pattern.compile("fake Consul agent listening on (http://\\S+) ");

    private Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** Starts {@code java -cp ... FakeConsulMain <args>} and returns the URL it prints. */
    private String startFromTheCommandLine(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FakeConsulMain.class.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                // Keeps reading its log so that it never blocks on a full pipe.
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(Writer.nullWriter());
                    } catch (IOException gone) {
                        // The process has ended.
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new AssertionError("the fake agent exited with " + process.waitFor(5, TimeUnit.SECONDS));
    }

    @Test
    void answersRegistrationsAndBlockingHealthQueriesAndStopsOnSigterm() throws Exception {
        String url = startFromTheCommandLine("--port", "0", "--datacenter", "eu-1", "--reap-interval", "1s");
        Consul client = Consul.builder().withUrl(url).build();
        try {
            assertThat(client.agentClient().getAgent().getConfig().getDatacenter())
                    .isEqualTo("eu-1");
            client.agentClient()
                    .register(ImmutableRegistration.builder()
                            .id("orders-1")
                            .name("orders")
                            .address("127.0.0.1")
                            .port(8080)
                            .check(ImmutableRegCheck.builder().ttl("30s").build())
                            .build());
            assertThat(client.agentClient().getServices()).containsOnlyKeys("orders-1");
            ConsulResponse<List<ServiceHealth>> none = client.healthClient().getHealthyServiceInstances("orders");
            assertThat(none.getResponse()).isEmpty();
            BigInteger index = none.getIndex();

            CompletableFuture<ConsulResponse<List<ServiceHealth>>> blocked =
                    CompletableFuture.supplyAsync(() -> client.healthClient()
                            .getHealthyServiceInstances(
                                    "orders",
                                    ImmutableQueryOptions.builder()
                                            .index(index)
                                            .wait("10s")
                                            .build()));
            Thread.sleep(300); // let the query reach the agent and block there
            assertThat(blocked).isNotDone();
            long passed = System.nanoTime();
            client.agentClient().pass("orders-1");

            ConsulResponse<List<ServiceHealth>> answer = blocked.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - passed)).isLessThan(Duration.ofSeconds(2));
            assertThat(answer.getIndex()).isGreaterThan(index);
            assertThat(answer.getResponse())
                    .extracting(h -> h.getService().getId())
                    .containsExactly("orders-1");
        } finally {
            client.destroy();
        }

        process.destroy();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
        assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    }
                })
                .isInstanceOf(IOException.class);
    }

    @Test
    void aBadArgumentExitsWithItsUsage() throws Exception {
        process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        FakeConsulMain.class.getName(),
                        "--prot",
                        "8500")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("unknown argument: '--prot'").contains("--port");
    }
}
