package dev.chassis.testkit.security;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FakeAuthorizationServer} as a process, until SIGTERM or Ctrl-C:
 *
 * <pre>{@code
 * java -jar chassis-testkit-security/target/fake-issuer.jar --port 9000 --client transfers-service:secret:accounts:write
 * curl -s -X POST localhost:9000/dev/token -d 'sub=alice&scope=accounts:write'
 * }</pre>
 *
 * <p>Arguments: {@code --port <n>} (default 9000), {@code --host <address>} (default 127.0.0.1),
 * {@code --client <id>:<secret>[:<scope> ...]} (repeatable; scopes separated by spaces or commas).
 * {@code POST /dev/token} with {@code sub}, {@code scope} and {@code expires_in} (seconds, 3600)
 * mints a user's token, which a real issuer would give only after a login.
 */
public final class FakeIssuerMain {
    /** The port it listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 9000;

    private FakeIssuerMain() {}

    /** Starts the fake issuer and blocks until the process is asked to stop. */
    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/chassis/testkit/security/fake-issuer-logback.xml");
        }
        String host = "127.0.0.1";
        int port = DEFAULT_PORT;
        java.util.List<String[]> clients = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (i + 1 == args.length) {
                usage(args[i] + " needs a value");
            }
            String value = args[++i];
            switch (args[i - 1]) {
                case "--port" -> port = Integer.parseInt(value);
                case "--host" -> host = value;
                case "--client" -> {
                    String[] parts = value.split(":", 3);
                    if (parts.length < 2) {
                        usage("--client: '" + value + "' (expected: id:secret[:scopes])");
                    }
                    clients.add(parts);
                }
                default -> usage("unknown argument: '" + args[i - 1] + "'");
            }
        }
        FakeAuthorizationServer issuer = FakeAuthorizationServer.start(host, port);
        for (String[] c : clients) {
            String[] scopes = c.length > 2 ? c[2].trim().split("[ ,]+") : new String[0];
            issuer.client(c[0], c[1], scopes);
            System.out.println("client " + c[0] + " may ask for " + Arrays.toString(scopes));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            issuer.close();
                            stopped.countDown();
                        },
                        "fake-issuer-shutdown"));
        System.out.println("fake authorization server listening on " + issuer.issuer() + " (discovery at "
                + issuer.issuer() + "/.well-known/openid-configuration)");
        stopped.await();
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: FakeIssuerMain [--port 9000] [--host 127.0.0.1] [--client id:secret[:scopes]]...");
        System.exit(2);
    }
}
