package dev.chassis.discovery.internal;

import dev.chassis.core.Service;
import dev.chassis.core.common.ChassisException;
import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.config.ServiceConfig;
import dev.chassis.core.health.Health;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.discovery.config.ConsulConfig;
import dev.chassis.discovery.config.RegistrationConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.inject.Provider;
import org.jspecify.annotations.Nullable;
import org.kiwiproject.consul.model.agent.ImmutableRegCheck;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.agent.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the service with the local Consul agent once it is ready, keeps the registration
 * there, and deregisters it first thing when the service stops.
 *
 * <p>Every call to the agent runs on one daemon thread, so attempts, TTL updates, reconciliation
 * and deregistration never overlap. A failed attempt is retried with capped, jittered backoff
 * (start-up goes on unless {@code fail-start-on-error}). Once registered, a TTL check is updated
 * every third of its TTL with the service's readiness, and the agent's services are compared with
 * the registration every {@code reconcile-interval}; "unknown check" or a missing service means
 * the agent lost it (a restart, anti-entropy) and it is registered again. Deregistration is
 * bounded by {@code discovery.consul.timeout}, so an agent that does not answer cannot hold the
 * stop. Thread-safe.
 */
public final class ConsulRegistrar implements LifecycleParticipant {
    private static final Logger log = LoggerFactory.getLogger(ConsulRegistrar.class);

    private record Readiness(boolean ready, String note) {}

    private final ConsulConfig config;
    private final RegistrationConfig registration;
    private final ServiceConfig serviceConfig;
    private final ServerConfig server;
    private final AdminConfig admin;
    private final ConsulAgent agent;
    private final Provider<Service> service;
    private final Provider<Set<HealthCheck>> checks;
    private final RegistrationStatus status;
    private final DiscoveryMetrics metrics;
    private final Backoff backoff;

    private volatile @Nullable ScheduledExecutorService executor;
    private volatile boolean stopping;
    // Owned by the registration thread.
    private @Nullable Advertised advertised;
    private @Nullable ScheduledFuture<?> pending;
    private @Nullable ScheduledFuture<?> heartbeat;
    private boolean attempted;
    private int reconcileFailures;

    public ConsulRegistrar(
            ConsulConfig config,
            ServiceConfig serviceConfig,
            ServerConfig server,
            AdminConfig admin,
            ConsulAgent agent,
            Provider<Service> service,
            Provider<Set<HealthCheck>> checks,
            RegistrationStatus status,
            DiscoveryMetrics metrics) {
        this.config = config;
        this.registration = config.registration();
        this.serviceConfig = serviceConfig;
        this.server = server;
        this.admin = admin;
        this.agent = agent;
        this.service = service;
        this.checks = checks;
        this.status = status;
        this.metrics = metrics;
        this.backoff = new Backoff(registration.retry());
        metrics.registrationGauge(serviceConfig.name(), status::registered);
    }

    @Override
    public String name() {
        return "consul registration";
    }

    @Override
    public int phase() {
        return PHASE_ANNOUNCE;
    }

    @Override
    public void start() {
        Service s = service.get();
        if (s.port() < 0) {
            log.info("{} serves in memory: not registering with Consul", serviceConfig.name());
            return;
        }
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "chassis-consul-registration");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        executor = pool;
        status.moveTo(RegistrationStatus.State.PENDING);
        if (registration.failStartOnError()) {
            Future<?> first = pool.submit(this::registerOnce);
            try {
                first.get();
            } catch (ExecutionException e) {
                pool.shutdownNow();
                throw new ChassisException(
                        "registration with Consul at " + agent.url() + " failed: "
                                + ServiceWatch.message(e.getCause())
                                + " (discovery.consul.registration.fail-start-on-error is on)",
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
                throw new ChassisException("interrupted while registering with Consul", e);
            }
        }
    }

    @Override
    public void onReady() {
        ScheduledExecutorService pool = executor;
        if (pool != null) {
            pool.execute(this::ready);
        }
    }

    @Override
    public void beforeStop() {
        ScheduledExecutorService pool = executor;
        if (pool == null) {
            return;
        }
        stopping = true;
        Future<?> done = pool.submit(this::deregister);
        Duration bound = config.timeout();
        try {
            done.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn(
                    "deregistration from Consul at {} did not finish within {} ms; going on with the stop",
                    agent.url(),
                    bound.toMillis());
        } catch (ExecutionException e) {
            log.warn("deregistration from Consul failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService pool = executor;
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    // ---- on the registration thread ----

    private void ready() {
        if (stopping) {
            return;
        }
        if (status.state() == RegistrationStatus.State.REGISTERED) {
            followUp();
        } else {
            attempt();
        }
    }

    private void attempt() {
        pending = null;
        if (stopping) {
            return;
        }
        status.moveTo(RegistrationStatus.State.REGISTERING);
        int failuresBefore = status.failures();
        try {
            registerOnce();
        } catch (RuntimeException e) {
            status.failed(ServiceWatch.message(e));
            Duration delay = backoff.delay(status.failures());
            if (status.failures() == 1) {
                log.warn(
                        "cannot register {} with Consul at {} ({}); running unregistered, retrying with backoff",
                        advertised().serviceId(),
                        agent.url(),
                        ServiceWatch.message(e));
            } else {
                log.debug("registration attempt {} failed; next in {} ms", status.failures(), delay.toMillis());
            }
            pending = schedule(this::attempt, delay);
            return;
        }
        if (failuresBefore > 0) {
            log.info("registered after {} failed attempt(s)", failuresBefore);
        }
        if (stopping) {
            deregister();
            return;
        }
        followUp();
    }

    /** One registration call; throws when it fails. */
    private void registerOnce() {
        Advertised a = advertised();
        attempted = true;
        try {
            agent.register(body(a, readiness().ready()));
        } catch (RuntimeException e) {
            metrics.registrationAttempt(false);
            throw e;
        }
        metrics.registrationAttempt(true);
        status.moveTo(RegistrationStatus.State.REGISTERED);
        RegistrationConfig.Check check = registration.check();
        log.info(
                "registered {} ({}:{}) with Consul at {}; check: {}; deregistered after {} critical",
                a.serviceId(),
                a.address(),
                a.port(),
                agent.url(),
                check.type() == RegistrationConfig.CheckType.TTL
                        ? "TTL " + GoDurations.format(check.ttl())
                        : "HTTP GET " + a.checkUrl() + " every " + GoDurations.format(check.interval()),
                GoDurations.format(check.deregisterCriticalAfter()));
    }

    /** After a registration: the TTL heartbeat and the next reconciliation. */
    private void followUp() {
        cancel(heartbeat);
        cancel(pending);
        reconcileFailures = 0;
        RegistrationConfig.Check check = registration.check();
        ScheduledExecutorService pool = executor;
        if (check.type() == RegistrationConfig.CheckType.TTL && pool != null) {
            long every = Math.max(1, check.ttl().toNanos() / 3);
            heartbeat = pool.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.NANOSECONDS);
        }
        pending = schedule(this::reconcile, registration.reconcileInterval());
    }

    private void beat() {
        if (stopping || status.state() != RegistrationStatus.State.REGISTERED) {
            return;
        }
        Readiness r = readiness();
        try {
            if (agent.updateTtl(checkId(), r.ready(), r.note()) == ConsulAgent.TtlUpdate.UNKNOWN_CHECK) {
                log.warn(
                        "the Consul agent at {} no longer knows check {}: it lost the registration; registering again",
                        agent.url(),
                        checkId());
                lost();
            }
        } catch (RuntimeException e) {
            status.noted(ServiceWatch.message(e));
            log.debug("TTL update failed: {}", ServiceWatch.message(e));
        }
    }

    private void reconcile() {
        pending = null;
        if (stopping || status.state() != RegistrationStatus.State.REGISTERED) {
            return;
        }
        Set<String> ids;
        try {
            ids = agent.serviceIds();
        } catch (RuntimeException e) {
            reconcileFailures++;
            status.noted(ServiceWatch.message(e));
            Duration delay = backoff.delay(reconcileFailures);
            if (delay.compareTo(registration.reconcileInterval()) > 0) {
                delay = registration.reconcileInterval();
            }
            log.debug("reconciliation with Consul failed; next in {} ms", delay.toMillis());
            pending = schedule(this::reconcile, delay);
            return;
        }
        reconcileFailures = 0;
        if (!ids.contains(advertised().serviceId())) {
            log.warn(
                    "the Consul agent at {} no longer has {} (restarted or lost its state); registering again",
                    agent.url(),
                    advertised().serviceId());
            lost();
            return;
        }
        pending = schedule(this::reconcile, registration.reconcileInterval());
    }

    private void lost() {
        cancel(heartbeat);
        heartbeat = null;
        cancel(pending);
        status.moveTo(RegistrationStatus.State.REGISTERING);
        attempt();
    }

    private void deregister() {
        cancel(heartbeat);
        cancel(pending);
        heartbeat = null;
        pending = null;
        if (!attempted) {
            status.moveTo(RegistrationStatus.State.DEREGISTERED);
            return;
        }
        String id = advertised().serviceId();
        try {
            agent.deregister(id);
            // A registration in flight when the stop began deregisters as it ends, before the
            // stop hook's own turn comes: that one then has nothing left to remove.
            attempted = false;
            status.moveTo(RegistrationStatus.State.DEREGISTERED);
            log.info("deregistered {} from Consul at {}", id, agent.url());
        } catch (RuntimeException e) {
            status.noted(ServiceWatch.message(e));
            log.warn(
                    "cannot deregister {} from Consul at {} ({}); Consul removes it {} after its check turns critical",
                    id,
                    agent.url(),
                    ServiceWatch.message(e),
                    GoDurations.format(registration.check().deregisterCriticalAfter()));
        }
    }

    // ---- what the registration is made of ----

    /** Whether the advertised main port speaks TLS: instances are then called over https. */
    private boolean mainPortTls() {
        return server.tls().enabled() && !server.tls().separatePort();
    }

    private Advertised advertised() {
        Advertised a = advertised;
        if (a == null) {
            Service s = service.get();
            a = Advertised.of(
                    registration,
                    serviceConfig.name(),
                    server.host(),
                    s.port(),
                    s.adminPort(),
                    admin.separatePort(),
                    admin.readyPath(),
                    mainPortTls());
            advertised = a;
            status.describe(a.serviceId(), agent.url().toString());
        }
        return a;
    }

    private String checkId() {
        return "service:" + advertised().serviceId();
    }

    private Registration body(Advertised a, boolean passing) {
        RegistrationConfig.Check check = registration.check();
        ImmutableRegCheck.Builder c = ImmutableRegCheck.builder()
                .id(checkId())
                .name(serviceConfig.name() + " readiness")
                .deregisterCriticalServiceAfter(GoDurations.format(check.deregisterCriticalAfter()));
        if (check.type() == RegistrationConfig.CheckType.TTL) {
            c.ttl(GoDurations.format(check.ttl()))
                    .status(passing ? "passing" : "critical")
                    .notes("updated by the service with its readiness every "
                            + GoDurations.format(check.ttl().dividedBy(3)));
        } else {
            c.http(a.checkUrl())
                    // the agent checks readiness, not identity: it need not trust the service's issuer
                    .tlsSkipVerify(a.checkUrl().startsWith("https://"))
                    .interval(GoDurations.format(check.interval()))
                    .timeout(GoDurations.format(check.timeout()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("version", serviceConfig.version());
        if (!config.zone().isEmpty()) {
            meta.put(HealthEntries.ZONE, config.zone());
        }
        if (mainPortTls()) {
            meta.put(HealthEntries.SCHEME, "https");
        }
        meta.putAll(registration.meta());
        return ImmutableRegistration.builder()
                .id(a.serviceId())
                .name(serviceConfig.name())
                .address(a.address())
                .port(a.port())
                .tags(registration.tags())
                .meta(meta)
                .check(c.build())
                .build();
    }

    /** Whether the service is ready, as {@code /health/ready} would say. */
    private Readiness readiness() {
        Service s = service.get();
        if (!s.isReady()) {
            return new Readiness(false, "not ready: " + s.state());
        }
        for (HealthCheck check : checks.get()) {
            if (check.kind() != HealthCheck.Kind.READINESS) {
                continue;
            }
            try {
                Health h = check.check();
                if (h == null || !h.isUp()) {
                    return new Readiness(false, "not ready: " + check.name() + (h == null ? "" : " " + h.details()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Readiness(false, "not ready: interrupted");
            } catch (Exception e) {
                return new Readiness(false, "not ready: " + check.name() + " failed: " + e.getMessage());
            }
        }
        return new Readiness(true, "ready");
    }

    private @Nullable ScheduledFuture<?> schedule(Runnable step, Duration delay) {
        ScheduledExecutorService pool = executor;
        if (pool == null || pool.isShutdown()) {
            return null;
        }
        return pool.schedule(step, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void cancel(@Nullable Future<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }
}
