package dev.chassis.testkit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A service run as operators run it: its runnable jar in a child JVM, on a port of its own, stopped
 * with SIGTERM. With {@link ContinuousTraffic} it proves that stopping and restarting instances
 * loses no request.
 *
 * <pre>{@code
 * try (ServiceProcess accounts = ServiceProcess.jar(Path.of(System.getProperty("service.jar")))
 *         .env("CONSUL_URL", consul.url())
 *         .systemProperty("server.host", "127.0.0.1")
 *         .start()) {
 *     int status = accounts.terminate(); // SIGTERM; 0 after a graceful stop
 *     accounts.start();                  // again, on the same port
 * }
 * }</pre>
 *
 * <p>{@link #start()} waits until the readiness path answers 200. The child's stdout and stderr go
 * to files ({@link #output()}), never to pipes a test could forget to read. Not thread-safe.
 */
public final class ServiceProcess implements AutoCloseable {
    private final List<String> command;
    private final Map<String, String> environment;
    private final int port;
    private final String readyPath;
    private final Duration startTimeout;
    private final Path output;
    private @Nullable Process process;

    private ServiceProcess(Builder b) throws IOException {
        this.port = b.port != 0 ? b.port : freePort();
        this.readyPath = b.readyPath;
        this.startTimeout = b.startTimeout;
        this.environment = Map.copyOf(b.environment);
        List<String> c = new ArrayList<>();
        c.add(ProcessHandle.current().info().command().orElse("java"));
        c.addAll(b.jvmArgs);
        c.add("-Dserver.port=" + port);
        b.systemProperties.forEach((k, v) -> c.add("-D" + k + "=" + v));
        c.add("-jar");
        c.add(b.jar.toString());
        c.addAll(b.args);
        this.command = List.copyOf(c);
        this.output = Files.createTempFile("service-process-", ".log");
    }

    /**
     * Describes a service run from its runnable jar.
     *
     * @param jar the shaded jar, as {@code package} builds it
     */
    public static Builder jar(Path jar) {
        requireNonNull(jar, "jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("jar: '" + jar + "' (expected: the service's runnable jar; build it"
                    + " with mvn package and run this test after it, as failsafe does)");
        }
        return new Builder(jar);
    }

    /**
     * Starts the process (again, after {@link #terminate}, on the same port) and waits until its
     * readiness path answers 200.
     *
     * @throws IllegalStateException if it is running already, exits, or is not ready in time
     */
    public ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the service process is running already");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        awaitReady();
        return this;
    }

    private void awaitReady() {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readyPath))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = requireNonNull(process);
            if (!p.isAlive()) {
                throw new IllegalStateException(
                        "the service process exited with " + p.exitValue() + " before it was ready:\n" + output());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the service process", e);
            }
            sleep(100);
        }
        throw new IllegalStateException("the service process was not ready on " + readyPath + " within "
                + startTimeout.toMillis() + " ms:\n" + output());
    }

    /**
     * Sends SIGTERM, as an orchestrator does, and waits for the process to exit.
     *
     * @return its exit status: 0 after a graceful stop
     * @throws IllegalStateException if it is not running, or does not exit within a minute
     */
    public int terminate() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("the service process is not running");
        }
        p.destroy();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the service process did not exit within 60 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the service process", e);
        }
        return p.exitValue();
    }

    /** Whether the process runs now. */
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The port the service listens on, the same across restarts. */
    public int port() {
        return port;
    }

    /** The base URI of the service, {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** What the process wrote to stdout and stderr, across its restarts. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e.getMessage() + ")";
        }
    }

    /** Kills the process if it still runs and removes its output file. */
    @Override
    public void close() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            // a temporary file; nothing to do
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the service process", e);
        }
    }

    /** Describes a service process. Not thread-safe. */
    public static final class Builder {
        private final Path jar;
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private int port;
        private String readyPath = "/health/ready";
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder(Path jar) {
            this.jar = jar;
        }

        /** An environment variable of the child, such as {@code CONSUL_URL}. */
        public Builder env(String name, String value) {
            environment.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
            return this;
        }

        /** A system property of the child, a configuration key with the highest precedence. */
        public Builder systemProperty(String key, String value) {
            systemProperties.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
            return this;
        }

        /** A JVM option of the child, such as {@code -Xmx256m}. */
        public Builder jvmArg(String arg) {
            jvmArgs.add(requireNonNull(arg, "arg"));
            return this;
        }

        /** A command-line argument of the service, such as {@code --config=...}. */
        public Builder arg(String arg) {
            args.add(requireNonNull(arg, "arg"));
            return this;
        }

        /** The port to listen on ({@code server.port}); default: a free one, chosen once. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
            }
            this.port = port;
            return this;
        }

        /** The path that answers 200 once the service is ready; default {@code /health/ready}. */
        public Builder readyPath(String path) {
            if (!requireNonNull(path, "path").startsWith("/")) {
                throw new IllegalArgumentException("path: '" + path + "' (expected: starting with /)");
            }
            this.readyPath = path;
            return this;
        }

        /** How long {@link #start()} waits for readiness; default 60 s. */
        public Builder startTimeout(Duration timeout) {
            if (requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: " + timeout + " (expected: positive)");
            }
            this.startTimeout = timeout;
            return this;
        }

        /** Describes the process; {@link ServiceProcess#start()} runs it. */
        public ServiceProcess build() {
            try {
                return new ServiceProcess(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Builds and starts it, waiting for readiness. */
        public ServiceProcess start() {
            return build().start();
        }
    }
}
