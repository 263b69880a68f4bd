package dev.chassis.examples.simplebank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A service's packaged jar run as a process, its JSON log appended to a file. */
final class ServiceProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    private int adminPort = -1;

    ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path dir) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = environment;
        this.log = dir.resolve(name + ".log");
    }

    /** Serves the admin routes on their own port ({@code CHASSIS_ADMIN_PORT}); readiness is awaited there. */
    ServiceProcess adminPort(int port) {
        this.adminPort = port;
        return this;
    }

    /** Starts the jar and waits until {@code /health/ready} answers 200. */
    ServiceProcess start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("LOG_FORMAT", "json");
        builder.environment().putAll(SimpleBankIssuer.environment());
        builder.environment().putAll(environment);
        if (adminPort > 0) {
            builder.environment().put("CHASSIS_ADMIN_PORT", Integer.toString(adminPort));
        }
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        name + " exited with " + process.exitValue() + "; its log:\n" + Files.readString(log));
            }
            try {
                String ready = adminPort > 0 ? "http://127.0.0.1:" + adminPort + "/health/ready" : url("/health/ready");
                if (HTTP.send(HttpRequest.newBuilder(URI.create(ready)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " was not ready within 30 s; its log:\n" + Files.readString(log));
    }

    /** Kills the process at once, as a crash would: no drain, no deregistration. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM and waits for the graceful stop; answers the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The process' log file. */
    Path logFile() {
        return log;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A GET as alice, with her bearer token. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url(path)))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + SimpleBankIssuer.ALICE)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request with a JSON body as alice, with her bearer token. */
    HttpResponse<String> send(String method, String path, String json, String... headers)
            throws IOException, InterruptedException {
        return sendAs("Bearer " + SimpleBankIssuer.ALICE, method, path, json, headers);
    }

    /** A request with a JSON body and this {@code Authorization}, or none when it is null. */
    HttpResponse<String> sendAs(String authorization, String method, String path, String json, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON log events written so far; lines that are not JSON are skipped. */
    List<JsonNode> logEvents() {
        List<JsonNode> events = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("{")) {
                    events.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            kill();
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
