package dev.chassis.gateway.internal;

import dev.chassis.core.client.ClientsConfig;
import dev.chassis.core.client.InstanceGate;
import dev.chassis.core.client.ServiceResolver;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigProblem;
import dev.chassis.core.config.LiveConfig;
import dev.chassis.core.http.Routes;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's parts, built once per service from its configuration. Thread-safe. */
public final class GatewayRuntime {
    private static final Logger log = LoggerFactory.getLogger(GatewayRuntime.class);
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private volatile RouteTable table;
    private final Targets targets;
    private final Upstream upstream;
    private final ProxyHandler handler;

    private GatewayRuntime(
            RouteTable table,
            Targets targets,
            Upstream upstream,
            ForwardHeaders forwarding,
            @Nullable InstanceGate gate,
            GatewayMeters meters) {
        this.table = table;
        this.targets = targets;
        this.upstream = upstream;
        this.handler = new ProxyHandler(table, targets, upstream, forwarding, gate, meters);
    }

    /**
     * Checks the routes and prepares the gateway; no connection is opened yet.
     *
     * @throws ConfigException naming every bad route key and its source
     */
    public static GatewayRuntime create(
            BoundConfig config,
            GatewayConfig gateway,
            ClientsConfig clients,
            List<ServiceResolver> resolvers,
            @Nullable InstanceGate gate,
            @Nullable MeterRegistry registry) {
        Targets targets = new Targets(clients, resolvers, gate);
        RouteTable table = RouteTable.create(gateway, targets::knows, targets.hint(), config);
        ForwardHeaders forwarding;
        try {
            forwarding = new ForwardHeaders(gateway.trustedProxies(), gateway.via());
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().substring(0, e.getMessage().indexOf(':'));
            throw new ConfigException(List.of(
                    new ConfigProblem(key, null, config.sourceOf(key).orElse("configuration"), e.getMessage())));
        }
        return new GatewayRuntime(
                table, targets, new Upstream(Duration.ofSeconds(2), 0), forwarding, gate, new GatewayMeters(registry));
    }

    /**
     * Follows {@code gateway.routes} while running: a change (from Consul KV) is checked as at
     * start and applied whole, or refused whole with the running routes kept.
     */
    public void follow(LiveConfig live) {
        live.onChange(List.of("gateway.routes"), (now, before) -> {
            RouteTable next = RouteTable.create(now.get(GatewayConfig.SECTION), targets::knows, targets.hint(), now);
            table = next;
            handler.routes(next);
            log.info(
                    "gateway routes now: {}",
                    next.routes().stream().map(GatewayRoute::id).toList());
        });
    }

    /** The routes: every path and method of the main port goes to the proxy. */
    public Routes routes() {
        return routing -> {
            var loop = routing.onEventLoop();
            for (String method : METHODS) {
                loop.route(method, "/", handler).route(method, "/{gatewayPath...}", handler);
            }
        };
    }

    /** Lets discovery watch the routed services at start, closes the upstream connections at stop. */
    public LifecycleParticipant lifecycle() {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return "gateway";
            }

            @Override
            public void start() {
                targets.prepare(table.services());
                for (GatewayRoute r : table.routes()) {
                    log.info(
                            "gateway route '{}': {} -> {}",
                            r.id(),
                            r.config().pathPrefix().isEmpty()
                                    ? r.config().path()
                                    : r.config().pathPrefix() + "/**",
                            r.fixed() != null
                                    ? r.fixed()
                                    : "service " + r.config().service());
                }
            }

            @Override
            public void stop() {
                upstream.close();
            }
        };
    }
}
