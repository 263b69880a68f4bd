package dev.chassis.testkit.consul.internal;

import dev.chassis.testkit.consul.model.CheckState;
import dev.chassis.testkit.consul.model.FakeConsulOptions;
import dev.chassis.testkit.consul.model.RegisteredService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent without its HTTP face: catalog, KV store, checks, reaper, faults and the request
 * log. It outlives the HTTP listener, which {@link ConsulServer} closes and opens. Thread-safe.
 */
public final class FakeAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.chassis.testkit.consul.FakeConsul");
    final FakeConsulOptions options;
    final Raft raft;
    final Catalog catalog;
    final KvStore kv;
    final Views views;
    final Faults faults = new Faults();
    final RequestLog requests = new RequestLog();
    final Answers answers;
    final RegistrationReader registrations;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;
    private final ScheduledFuture<?> reaper;

    public FakeAgent(FakeConsulOptions options) {
        this.options = options;
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2, daemon("fake-consul-timer"));
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
        this.io = Executors.newCachedThreadPool(daemon("fake-consul-check"));
        this.raft = new Raft(scheduler);
        CheckRunner runner = new CheckRunner(scheduler, io);
        this.catalog = new Catalog(raft, runner);
        runner.reportTo(catalog);
        this.kv = new KvStore(raft);
        this.views = new Views(options);
        this.answers = new Answers(raft, faults);
        this.registrations = new RegistrationReader(options);
        long reap = options.reapInterval().toNanos();
        this.reaper = scheduler.scheduleWithFixedDelay(this::reap, reap, reap, TimeUnit.NANOSECONDS);
    }

    public Faults faults() {
        return faults;
    }

    public RequestLog requests() {
        return requests;
    }

    /** The last raft index given out. */
    public long index() {
        return raft.index();
    }

    /** How many blocking queries are waiting now. */
    public int blockedQueries() {
        return raft.waiting();
    }

    /** The services registered, by ID. */
    public Map<String, RegisteredService> services() {
        return raft.read(() -> {
            Map<String, RegisteredService> out = new LinkedHashMap<>();
            for (ServiceRecord s : catalog.services()) {
                ServiceDefinition d = s.definition();
                out.put(
                        d.id(),
                        new RegisteredService(
                                d.id(),
                                d.name(),
                                d.tags(),
                                d.address(),
                                d.port(),
                                d.meta() == null ? Map.of() : d.meta()));
            }
            return out;
        });
    }

    /** The checks registered, by ID. */
    public Map<String, CheckState> checks() {
        return raft.read(() -> {
            Map<String, CheckState> out = new LinkedHashMap<>();
            for (CheckRecord c : catalog.checks()) {
                out.put(
                        c.id(),
                        new CheckState(
                                c.id(),
                                c.definition.name(),
                                c.serviceId,
                                c.definition.type(),
                                c.status,
                                c.output,
                                c.definition.target(),
                                c.definition.interval(),
                                c.definition.timeout(),
                                c.definition.ttl(),
                                c.definition.deregisterCriticalServiceAfter()));
            }
            return out;
        });
    }

    /** A KV value as UTF-8 text. */
    public Optional<String> value(String key) {
        return raft.read(() -> {
            KvStore.Entry e = kv.get(key);
            if (e == null) {
                return Optional.empty();
            }
            byte[] v = e.value();
            return Optional.of(v == null ? "" : new String(v, StandardCharsets.UTF_8));
        });
    }

    /** Writes a KV value as UTF-8 text. */
    public void putValue(String key, String value) {
        kv.put(key, value.getBytes(StandardCharsets.UTF_8), 0, null);
    }

    /**
     * Loses every service, check and key, and starts the index again from where a fresh agent
     * starts: what a Consul agent without its data directory comes back with.
     */
    public void wipe() {
        raft.write(() -> {
            catalog.boot();
            kv.clear();
            raft.reset(Raft.BOOT_INDEX);
        });
    }

    /** Moves the reaper's clock ahead and runs the reaper; the IDs of the services it removed. */
    public List<String> advanceClock(Duration duration) {
        catalog.advanceClock(duration.toNanos());
        return reap();
    }

    private List<String> reap() {
        List<String> reaped = catalog.reap();
        for (String id : reaped) {
            log.info("reaped service {}: its check was critical for longer than DeregisterCriticalServiceAfter", id);
        }
        return reaped;
    }

    /** Halves every index, keeping the data: a restore from a snapshot taken earlier. */
    public void lowerIndexes() {
        raft.write(() -> {
            catalog.lowerIndexes(FakeAgent::halve);
            kv.lowerIndexes(FakeAgent::halve);
            raft.reset(halve(raft.index()));
        });
    }

    private static long halve(long index) {
        return Math.max(1, index / 2);
    }

    @Override
    public void close() {
        reaper.cancel(false);
        raft.write(catalog::boot);
        scheduler.shutdownNow();
        io.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
