package dev.chassis.testkit.consul.internal;

import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.testkit.consul.model.FakeConsulOptions;
import org.jspecify.annotations.Nullable;

/**
 * Serves a {@link FakeAgent} over HTTP as a chassis service, and takes the listener down and up
 * again on the same port. In-flight requests are cut when it goes down: a blocked query is
 * answered 503 and its connection closed. Thread-safe.
 */
public final class ConsulServer implements AutoCloseable {
    /** Longer than the longest blocking query: 10 minutes plus a sixteenth. */
    private static final String REQUEST_TIMEOUT = "11m";

    private final FakeConsulOptions options;
    private final FakeAgent agent;
    private int port;
    private @Nullable Service service;
    private boolean closed;

    private ConsulServer(FakeConsulOptions options, FakeAgent agent) {
        this.options = options;
        this.agent = agent;
        this.port = options.port();
    }

    /** Starts an agent and its listener. */
    public static ConsulServer start(FakeConsulOptions options) {
        FakeAgent agent = new FakeAgent(options);
        ConsulServer server = new ConsulServer(options, agent);
        try {
            server.up();
        } catch (RuntimeException | Error e) {
            agent.close();
            throw e;
        }
        return server;
    }

    public FakeAgent agent() {
        return agent;
    }

    /** The bound port; it stays the same across {@link #down()} and {@link #up()}. */
    public synchronized int port() {
        return port;
    }

    public synchronized boolean isUp() {
        return service != null;
    }

    /** Opens the listener, on the port bound first. */
    public synchronized void up() {
        if (closed) {
            throw new IllegalStateException("closed (expected: open; a closed fake Consul stays closed)");
        }
        if (service != null) {
            return;
        }
        Service s = DaggerFakeConsulComponent.factory().create(config(), agent).service();
        s.start();
        service = s;
        port = s.port();
    }

    /** Closes the listener and every connection: new connections are refused. */
    public synchronized void down() {
        Service s = service;
        if (s != null) {
            service = null;
            s.stop();
        }
    }

    /** Goes down, loses every service, check and key, lowers the index, comes back up. */
    public synchronized void restart() {
        down();
        agent.wipe();
        up();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        down();
        agent.close();
    }

    private Config config() {
        String yaml = "service: {name: fake-consul, version: '" + Views.VERSION + "'}\n"
                + "server: {host: '" + options.host() + "', port: " + port + ", request-timeout: " + REQUEST_TIMEOUT
                + "}\n"
                + "lifecycle: {propagation-delay: 0s, grace-period: 100ms}\n";
        return Config.builder().yaml("fake-consul", yaml).build();
    }
}
