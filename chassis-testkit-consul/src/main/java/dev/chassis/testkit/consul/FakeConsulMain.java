package dev.chassis.testkit.consul;

import dev.chassis.testkit.consul.model.FakeConsulOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a fake Consul agent as a process, until SIGTERM or Ctrl-C:
 *
 * <pre>{@code
 * java -jar chassis-testkit-consul/target/fake-consul.jar --port 8500
 * }</pre>
 *
 * <p>Arguments: {@code --port <n>} (default 8500), {@code --host <address>} (default
 * 127.0.0.1), {@code --datacenter <name>}, {@code --node <name>}, {@code --reap-interval
 * <duration>} (ISO-8601 or seconds, default 30s).
 */
public final class FakeConsulMain {
    /** The port a Consul agent's HTTP API listens on by default. */
    public static final int DEFAULT_PORT = 8500;

    private FakeConsulMain() {}

    /** Starts the fake agent and blocks until the process is asked to stop. */
    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/chassis/testkit/consul/fake-consul-logback.xml");
        }
        FakeConsulOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            usage(System.err, e.getMessage());
            System.exit(2);
            return;
        }
        FakeConsul consul = FakeConsul.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            consul.close();
                            stopped.countDown();
                        },
                        "fake-consul-shutdown"));
        System.out.println("fake Consul agent listening on " + consul.url() + " (datacenter " + options.datacenter()
                + ", node " + options.nodeName() + ")");
        stopped.await();
    }

    /**
     * Reads the command line.
     *
     * @throws IllegalArgumentException naming the argument that is not understood
     */
    static FakeConsulOptions parse(String... args) {
        FakeConsulOptions.Builder options = FakeConsul.options().port(DEFAULT_PORT);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!name.equals("--port")
                    && !name.equals("--host")
                    && !name.equals("--datacenter")
                    && !name.equals("--node")
                    && !name.equals("--reap-interval")) {
                throw new IllegalArgumentException("unknown argument: '" + arg + "'");
            }
            if (value == null) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--port" -> options.port(port(value));
                case "--host" -> options.host(value);
                case "--datacenter" -> options.datacenter(value);
                case "--node" -> options.nodeName(value);
                default -> options.reapInterval(duration(value));
            }
        }
        return options.build();
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port: '" + value + "' (expected: 0-65535)");
        }
    }

    private static Duration duration(String value) {
        try {
            return value.startsWith("P") || value.startsWith("p")
                    ? Duration.parse(value)
                    : Duration.ofMillis(Math.round(Double.parseDouble(value.replaceFirst("s$", "")) * 1000));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--reap-interval: '" + value + "' (expected: 30s, 0.5 or PT30S)");
        }
    }

    private static void usage(PrintStream out, String problem) {
        out.println(problem);
        out.println("usage: FakeConsulMain [--port 8500] [--host 127.0.0.1] [--datacenter dc1] [--node fake-consul]"
                + " [--reap-interval 30s]");
    }
}
