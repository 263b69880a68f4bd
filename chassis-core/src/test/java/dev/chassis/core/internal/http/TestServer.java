package dev.chassis.core.internal.http;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.http.ExceptionMapper;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Routes;
import dev.chassis.core.internal.json.JsonCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An {@link HttpServer} on an ephemeral port for tests, built from routes, filters and listeners. */
final class TestServer implements AutoCloseable {
    final HttpServer server;
    final ServerCounters counters = new ServerCounters();

    private TestServer(
            ServerConfig config,
            List<Routes> routes,
            List<Filter> filters,
            List<ExchangeListener> listeners,
            List<ExceptionMapper> mappers) {
        RoutingCollector routing = new RoutingCollector();
        routes.forEach(r -> r.register(routing));
        server = HttpServer.create(
                config,
                AdminConfig.defaults(),
                new JsonCodec(JsonCodec.defaultMapper(List.of())),
                routing.routes(),
                filters,
                listeners,
                mappers,
                counters,
                new dev.chassis.core.internal.netty.EventLoops(config));
    }

    static Builder builder() {
        return new Builder();
    }

    static TestServer start(Routes routes) throws InterruptedException {
        return builder().routes(routes).start();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws InterruptedException {
        server.drain(Duration.ofSeconds(5));
        server.stopEventLoops();
    }

    static final class Builder {
        private final StringBuilder serverKeys = new StringBuilder("host: 127.0.0.1, port: 0, event-loop-threads: 2");
        private final List<Routes> routes = new ArrayList<>();
        private final List<Filter> filters = new ArrayList<>();
        private final List<ExchangeListener> listeners = new ArrayList<>();
        private final List<ExceptionMapper> mappers = new ArrayList<>();

        /** More {@code server} keys, as YAML flow: {@code "worker-threads: 1, max-connections: 1"}. */
        Builder config(String keys) {
            serverKeys.append(", ").append(keys);
            return this;
        }

        Builder routes(Routes r) {
            routes.add(r);
            return this;
        }

        Builder filter(Filter f) {
            filters.add(f);
            return this;
        }

        Builder listener(ExchangeListener l) {
            listeners.add(l);
            return this;
        }

        Builder mapper(ExceptionMapper m) {
            mappers.add(m);
            return this;
        }

        TestServer start() throws InterruptedException {
            ServerConfig config = ConfigBinding.bind(
                            Config.builder()
                                    .yaml("test server", "server: {" + serverKeys + "}")
                                    .build(),
                            List.of(ServerConfig.SECTION))
                    .get(ServerConfig.SECTION);
            TestServer s = new TestServer(config, routes, filters, listeners, mappers);
            s.server.start();
            return s;
        }
    }
}
