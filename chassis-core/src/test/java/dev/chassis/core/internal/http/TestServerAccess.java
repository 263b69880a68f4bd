package dev.chassis.core.internal.http;

/** Starts a {@link TestServer} from tests in other packages. */
public final class TestServerAccess implements AutoCloseable {
    private final TestServer server;

    private TestServerAccess(TestServer server) {
        this.server = server;
    }

    /** A server with these routes. */
    public static TestServerAccess start(dev.chassis.core.http.Routes routes) throws InterruptedException {
        return new TestServerAccess(
                TestServer.builder().config("worker-threads: 64").routes(routes).start());
    }

    /** A server with these routes and more {@code server} keys, as YAML flow. */
    public static TestServerAccess start(String config, dev.chassis.core.http.Routes routes)
            throws InterruptedException {
        return new TestServerAccess(TestServer.builder()
                .config("worker-threads: 64, " + config)
                .routes(routes)
                .start());
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
