package dev.chassis.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar as an operator runs it: stdout is JSON, one event per line, correlated. */
class HelloJarIT {
    private static final ObjectMapper json = new ObjectMapper();

    @Test
    void everyStdoutLineIsJsonAndCarriesTheRequestsIds(@TempDir Path dir) throws Exception {
        Path stdout = dir.resolve("stdout.log");
        Path stderr = dir.resolve("stderr.log");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process process = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Dserver.port=" + port,
                        "-Dlifecycle.propagation-delay=0s",
                        "-jar",
                        System.getProperty("hello.jar"))
                // Files, not pipes: the JDK may cut a pipe's last bytes when the process exits.
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            URI hello = URI.create("http://127.0.0.1:" + port + "/hello/world");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            HttpResponse<String> response = null;
            while (response == null && System.nanoTime() < deadline) {
                try {
                    response = client.send(
                            HttpRequest.newBuilder(hello)
                                    .header("X-Correlation-ID", "jar-test-1")
                                    .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (java.net.ConnectException e) {
                    Thread.sleep(100);
                }
            }
            assertThat(response).isNotNull();
            assertThat(response.body()).isEqualTo("{\"message\":\"hello, world\"}");
            assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("jar-test-1");
            HttpResponse<String> bad = client.send(
                    HttpRequest.newBuilder(hello)
                            .header("X-Correlation-ID", "bad id!")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String replaced = bad.headers().firstValue("X-Correlation-ID").orElseThrow();
            assertThat(replaced).matches("[0-9a-f]{32}");
        } finally {
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        // The service writes nothing to stderr; only the JVM's own warnings (on Java 24 and later,
        // about libraries' use of sun.misc.Unsafe) may be there.
        assertThat(Files.readAllLines(stderr, StandardCharsets.UTF_8)).allMatch(l -> l.startsWith("WARNING: "));
        // Stopped gracefully on SIGTERM: status 0, not the JVM's 143.
        assertThat(process.exitValue()).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            events.add(json.readTree(line));
        }
        assertThat(events).isNotEmpty();
        List<JsonNode> request = events.stream()
                .filter(e -> e.path("correlationId").asText().equals("jar-test-1"))
                .toList();
        assertThat(request).extracting(e -> e.path("logger").asText()).containsExactly("access");
        assertThat(request.get(0).path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(request.get(0).path("spanId").asText())
                .matches("[0-9a-f]{16}")
                .isNotEqualTo("00f067aa0ba902b7");
        assertThat(events.stream().filter(e -> e.path("logger").asText().equals("access")))
                .allSatisfy(e -> assertThat(e.path("traceId").asText())
                        .matches("[0-9a-f]{32}")
                        .isNotEqualTo("0".repeat(32)));
        assertThat(request.get(0).path("route").asText()).isEqualTo("/hello/{name}");
        assertThat(request.get(0).path("service").asText()).isEqualTo("hello-service");
        assertThat(String.join("\n", lines)).doesNotContain("bad id!");
        assertThat(events)
                .extracting(e -> e.path("message").asText())
                .anyMatch(m -> m.startsWith("hello-service stopped in"));
    }

    private static String runToExit(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", System.getProperty("hello.jar")));
        command.addAll(List.of(args));
        Path stdout = dir.resolve("out-" + String.join("", args).replaceAll("\\W", "") + ".txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    @Test
    void helpAndPrintConfigAnswerWithoutStarting(@TempDir Path dir) throws Exception {
        assertThat(runToExit(dir, "--help"))
                .startsWith(
                        "Usage: java -jar <service>.jar [--config <file>] [--print-config] [--conformance] [--help]");
        Path file = dir.resolve("extra.yaml");
        Files.writeString(file, "server: {request-timeout: 12s}\n");
        assertThat(runToExit(dir, "--config", file.toString(), "--print-config").lines())
                .contains(
                        "service.name = hello-service  (classpath:application.yaml)",
                        "server.request-timeout = 12s  (file " + file + ")",
                        "server.max-header-count = 100  (default)")
                .noneMatch(l -> l.startsWith("{"));
        assertThat(runToExit(dir, "--conformance"))
                .startsWith("hello-service ")
                .containsPattern("on dev\\.chassis \\d+\\.\\d+")
                .containsPattern("on +chassis-observability +access log +observability\\.access-log\\.enabled: true")
                .contains("not in the service: chassis-resilience");
    }

    @Test
    void aPortInUseIsNamedInTheMessageOfTheFailureAndTheExitStatusIs1(@TempDir Path dir) throws Exception {
        Path stdout = dir.resolve("stdout.log");
        Path stderr = dir.resolve("stderr.log");
        try (ServerSocket taken = new ServerSocket(0)) {
            Process process = new ProcessBuilder(
                            ProcessHandle.current().info().command().orElse("java"),
                            "-Dserver.port=" + taken.getLocalPort(),
                            "-jar",
                            System.getProperty("hello.jar"))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            String expected = "start-up failed: cannot listen on 0.0.0.0:" + taken.getLocalPort()
                    + ": the port is in use by another process (set server.port, or server.host to bind another"
                    + " address)";
            List<JsonNode> errors = new ArrayList<>();
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                JsonNode event = json.readTree(line);
                if (event.path("level").asText().equals("ERROR")) {
                    errors.add(event);
                }
            }
            assertThat(errors).extracting(e -> e.path("message").asText()).contains(expected);
            assertThat(Files.readAllLines(stderr, StandardCharsets.UTF_8)).contains(expected);
        }
    }
}
