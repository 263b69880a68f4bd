package dev.chassis.core.internal.lifecycle;

import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.LifecycleConfig;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.config.ServiceConfig;
import dev.chassis.core.health.Health;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.http.ExceptionMapper;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.InMemoryClient;
import dev.chassis.core.http.Routes;
import dev.chassis.core.internal.health.HealthEndpoints;
import dev.chassis.core.internal.health.InfoEndpoint;
import dev.chassis.core.internal.http.HttpServer;
import dev.chassis.core.internal.http.LocalHttpClient;
import dev.chassis.core.internal.http.RoutingCollector;
import dev.chassis.core.internal.http.ServerCounters;
import dev.chassis.core.internal.json.JsonCodec;
import dev.chassis.core.internal.netty.EventLoops;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.core.lifecycle.ServiceState;
import io.netty.channel.local.LocalAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a running service is made of, and the order in which it starts and stops. Built by
 * Dagger when the service first starts, so a bad configuration surfaces inside
 * {@code Service.start()}. Thread-safe: start and stop are serialized.
 */
public final class ServiceRuntime {
    private static final Logger log = LoggerFactory.getLogger("dev.chassis.core.Service");

    private final BoundConfig config;
    private final ServiceConfig service;
    private final LifecycleConfig lifecycle;
    private final HttpServer server;
    private final EventLoops loops;
    private final Map<Class<?>, Object> exposed;
    private final List<LifecycleParticipant> participants;
    private final Instant created = Instant.now();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<LifecycleParticipant> started = new ArrayList<>();
    private volatile ServiceState state = ServiceState.NEW;

    public ServiceRuntime(
            BoundConfig config,
            ServiceConfig service,
            ServerConfig serverConfig,
            AdminConfig admin,
            LifecycleConfig lifecycle,
            JsonCodec json,
            ServerCounters counters,
            Set<Routes> routes,
            Set<Filter> filters,
            Set<ExchangeListener> listeners,
            Set<ExceptionMapper> exceptionMappers,
            Set<HealthCheck> checks,
            Set<LifecycleParticipant> participants,
            EventLoops loops,
            Map<Class<?>, Object> exposed) {
        this.config = config;
        this.service = service;
        this.lifecycle = lifecycle;
        this.loops = loops;
        this.exposed = Map.copyOf(exposed);
        RoutingCollector routing = new RoutingCollector();
        new HealthEndpoints(admin, checks, this::lifecycleHealth).register(routing);
        new InfoEndpoint(admin, service, created).register(routing);
        for (Routes r : routes) {
            r.register(routing);
        }
        this.server = HttpServer.create(
                serverConfig,
                admin,
                json,
                routing.routes(),
                List.copyOf(filters),
                List.copyOf(listeners),
                List.copyOf(exceptionMappers),
                counters,
                loops);
        this.participants = participants.stream()
                .sorted(Comparator.comparingInt(LifecycleParticipant::phase))
                .toList();
    }

    public BoundConfig config() {
        return config;
    }

    /** A part a module exposes, by type. */
    public <T> java.util.Optional<T> lookup(Class<T> type) {
        Object part = exposed.get(type);
        return type.isInstance(part) ? java.util.Optional.of(type.cast(part)) : java.util.Optional.empty();
    }

    public ServiceState state() {
        return state;
    }

    public int port() {
        return server.port();
    }

    public int adminPort() {
        return server.adminPort();
    }

    private Health lifecycleHealth() {
        ServiceState s = state;
        Health health = s == ServiceState.READY ? Health.up() : new Health(Health.Status.DOWN, java.util.Map.of());
        return health.withDetail("state", s.name());
    }

    /** Starts participants and the server in phase order, then turns ready. */
    public synchronized void start() throws Exception {
        start(null);
    }

    /**
     * As {@link #start()}, but the server listens on an in-memory address instead of its ports.
     */
    public synchronized InMemoryClient startInMemory() throws Exception {
        LocalAddress address = new LocalAddress("chassis-" + service.name() + "-" + java.util.UUID.randomUUID());
        start(address);
        return new LocalHttpClient(loops.localGroup(), address);
    }

    private void start(@org.jspecify.annotations.Nullable LocalAddress inMemory) throws Exception {
        if (state != ServiceState.NEW) {
            throw new IllegalStateException("state: " + state + " (expected: NEW; a service starts once)");
        }
        long begin = System.nanoTime();
        state = ServiceState.STARTING;
        log.info("starting {} {}", service.name(), service.version());
        log.debug("effective configuration:\n{}", config.describe());
        try {
            boolean serverStarted = false;
            for (LifecycleParticipant p : participants) {
                if (!serverStarted && p.phase() >= LifecycleParticipant.PHASE_SERVER) {
                    startServer(inMemory);
                    serverStarted = true;
                }
                log.debug("starting {}", p.name());
                p.start();
                started.add(p);
            }
            if (!serverStarted) {
                startServer(inMemory);
            }
        } catch (Exception | Error e) {
            state = ServiceState.FAILED;
            log.error("start-up of {} failed; stopping what started", service.name());
            stopParticipants();
            server.stopEventLoops();
            stopped.countDown();
            throw e;
        }
        state = ServiceState.READY;
        for (LifecycleParticipant p : started) {
            try {
                p.onReady();
            } catch (RuntimeException e) {
                log.warn("{} failed when the service turned ready", p.name(), e);
            }
        }
        long jvmUp = System.currentTimeMillis()
                - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        log.info(
                "{} ready on port {} in {} ms (JVM up {} ms)",
                service.name(),
                server.port(),
                (System.nanoTime() - begin) / 1_000_000,
                jvmUp);
    }

    private void startServer(@org.jspecify.annotations.Nullable LocalAddress inMemory) throws InterruptedException {
        if (inMemory == null) {
            server.start();
        } else {
            server.startInMemory(inMemory);
        }
    }

    /** Stops in the documented order; later calls wait for the first to finish. */
    public void stop() {
        synchronized (this) {
            if (state == ServiceState.NEW) {
                state = ServiceState.STOPPED;
                stopped.countDown();
                return;
            }
            if (state != ServiceState.READY) {
                // Stopping, stopped or failed: nothing more to do here.
            } else {
                state = ServiceState.STOPPING;
                doStop();
                state = ServiceState.STOPPED;
                stopped.countDown();
                return;
            }
        }
        awaitStopped();
    }

    private void doStop() {
        long begin = System.nanoTime();
        log.info("stopping {}: readiness is now down", service.name());
        List<LifecycleParticipant> reversed = new ArrayList<>(started);
        java.util.Collections.reverse(reversed);
        for (LifecycleParticipant p : reversed) {
            runBounded(p.name() + " stop hook", p::beforeStop, lifecycle.stopHookTimeout());
        }
        sleep(lifecycle.propagationDelay());
        try {
            long aborted = server.drain(lifecycle.gracePeriod());
            if (aborted > 0) {
                log.warn(
                        "{} request(s) were still running after the {} grace period and were aborted",
                        aborted,
                        lifecycle.gracePeriod());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while draining; closing now");
        }
        stopParticipants();
        server.stopEventLoops();
        log.info("{} stopped in {} ms", service.name(), (System.nanoTime() - begin) / 1_000_000);
    }

    private void stopParticipants() {
        for (int i = started.size() - 1; i >= 0; i--) {
            LifecycleParticipant p = started.get(i);
            try {
                p.stop();
            } catch (Exception e) {
                log.warn("{} failed to stop", p.name(), e);
            }
        }
        started.clear();
    }

    /** Blocks until the service has stopped. */
    public void awaitStopped() {
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void runBounded(String what, Step step, Duration timeout) {
        Thread worker = new Thread(
                () -> {
                    try {
                        step.run();
                    } catch (Exception e) {
                        log.warn("{} failed", what, e);
                    }
                },
                "chassis-stop-hook");
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            log.warn("{} did not finish within {}; continuing the stop", what, timeout);
            worker.interrupt();
        }
    }

    private static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
