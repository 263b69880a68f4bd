package dev.chassis.testkit.consul.internal;

import dev.chassis.testkit.consul.model.CheckStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The services and checks of the agent's one node, with the raft indexes Consul keeps for them:
 * the services table (what {@code /v1/catalog/services} blocks on), one index per service name
 * (what {@code /v1/health/service/<name>} blocks on, moved by instances and their checks), and the
 * last time a service name lost its last instance.
 *
 * <p>Changes go through {@link Raft#write}; the accessors without a lock of their own must be
 * called inside {@link Raft#read} or {@link Raft#write}. Thread-safe in that sense.
 */
final class Catalog {
    /** The service every Consul server registers for itself. */
    static final String CONSUL_SERVICE = "consul";

    /** Hears about checks that start and stop, to run them. Called under the lock; must not block. */
    interface CheckLifecycle {
        void started(CheckRecord check);

        void stopped(CheckRecord check);

        void ttlUpdated(CheckRecord check);
    }

    /** What an update of a TTL check through the API came to. */
    enum TtlUpdate {
        UPDATED,
        UNKNOWN_CHECK,
        NOT_TTL
    }

    private final Raft raft;
    private final CheckLifecycle lifecycle;
    private final Map<String, ServiceRecord> services = new TreeMap<>();
    private final Map<String, CheckRecord> checks = new TreeMap<>();
    private final Map<String, Long> nameIndexes = new HashMap<>();
    private long nodeIndex;
    private long servicesIndex;
    private long checksIndex;
    private long extinctionIndex;
    /** How far a test has moved the reaper's clock ahead of {@link System#nanoTime()}. */
    private long clockAheadNanos;

    Catalog(Raft raft, CheckLifecycle lifecycle) {
        this.raft = raft;
        this.lifecycle = lifecycle;
        raft.write(this::boot);
    }

    /** Empties the catalog to what a freshly started agent has: its node and the consul service. */
    void boot() {
        for (CheckRecord check : checks.values()) {
            stop(check);
        }
        services.clear();
        checks.clear();
        nameIndexes.clear();
        nodeIndex = Raft.BOOT_INDEX;
        servicesIndex = Raft.BOOT_INDEX;
        checksIndex = Raft.BOOT_INDEX;
        extinctionIndex = 0;
        nameIndexes.put(CONSUL_SERVICE, Raft.BOOT_INDEX);
    }

    // ---- changes ----

    /**
     * Registers a service, replacing one with the same ID. Like Consul, an unchanged service or
     * check keeps its indexes, a re-registered check keeps its status and output, and checks left
     * out of the new registration stay unless {@code replaceExistingChecks}.
     */
    void register(ServiceDefinition service, boolean replaceExistingChecks) {
        raft.write(() -> {
            Change change = new Change();
            ServiceRecord old = services.get(service.id());
            if (old == null || !old.definition().sameServiceAs(service)) {
                long idx = change.index();
                services.put(service.id(), new ServiceRecord(service, old == null ? idx : old.createIndex(), idx));
                servicesIndex = idx;
                touchName(service.name(), idx);
                if (old != null && !old.name().equals(service.name())) {
                    touchName(old.name(), idx);
                    extinctIfLast(old.name(), idx);
                }
            } else {
                services.put(service.id(), new ServiceRecord(service, old.createIndex(), old.modifyIndex()));
            }
            Set<String> registered = new LinkedHashSet<>();
            for (CheckDefinition definition : service.checks()) {
                registered.add(definition.id());
                addCheck(service, definition, change);
            }
            if (replaceExistingChecks) {
                for (CheckRecord check : List.copyOf(checks.values())) {
                    if (check.serviceId.equals(service.id()) && !registered.contains(check.id())) {
                        removeCheck(check, change.index(), service.name());
                    }
                }
            }
        });
    }

    private void addCheck(ServiceDefinition service, CheckDefinition definition, Change change) {
        CheckRecord existing = checks.get(definition.id());
        if (existing != null && existing.definition.equals(definition) && existing.serviceId.equals(service.id())) {
            return;
        }
        long idx = change.index();
        CheckStatus initial = definition.status() != null ? definition.status() : CheckStatus.CRITICAL;
        CheckRecord check = new CheckRecord(
                definition, service.id(), existing == null ? idx : existing.createIndex, initial, now());
        if (existing != null) {
            check.status = existing.status;
            check.output = existing.output;
            check.criticalSince = existing.criticalSince;
            stop(existing);
        }
        checks.put(definition.id(), check);
        checksIndex = idx;
        touchName(service.name(), idx);
        lifecycle.started(check);
    }

    /** Deregisters a service and its checks; false when there is no such service. */
    boolean deregister(String serviceId) {
        return raft.write(() -> remove(serviceId));
    }

    private boolean remove(String serviceId) {
        ServiceRecord service = services.remove(serviceId);
        if (service == null) {
            return false;
        }
        long idx = raft.next();
        servicesIndex = idx;
        touchName(service.name(), idx);
        for (CheckRecord check : List.copyOf(checks.values())) {
            if (check.serviceId.equals(serviceId)) {
                checks.remove(check.id());
                stop(check);
                checksIndex = idx;
            }
        }
        extinctIfLast(service.name(), idx);
        return true;
    }

    private void removeCheck(CheckRecord check, long idx, String serviceName) {
        checks.remove(check.id());
        stop(check);
        checksIndex = idx;
        touchName(serviceName, idx);
    }

    /** Sets a TTL check's status through the API, which also re-arms its TTL. */
    TtlUpdate updateTtl(String checkId, CheckStatus status, String output) {
        return raft.write(() -> {
            CheckRecord check = checks.get(checkId);
            if (check == null) {
                return TtlUpdate.UNKNOWN_CHECK;
            }
            if (!check.definition.type().equals("ttl")) {
                return TtlUpdate.NOT_TTL;
            }
            set(check, status, output);
            lifecycle.ttlUpdated(check);
            return TtlUpdate.UPDATED;
        });
    }

    /**
     * Records the result of one run of an HTTP or TCP check, honouring
     * {@code SuccessBeforePassing} and {@code FailuresBeforeCritical}.
     */
    void runResult(CheckRecord check, CheckStatus status, String output) {
        raft.write(() -> {
            if (!check.live) {
                return;
            }
            if (status == CheckStatus.CRITICAL) {
                check.failures++;
                check.successes = 0;
                if (check.failures >= check.definition.failuresBeforeCritical()) {
                    set(check, status, output);
                }
            } else {
                check.successes++;
                check.failures = 0;
                if (check.successes >= check.definition.successBeforePassing()) {
                    set(check, status, output);
                }
            }
        });
    }

    /** A TTL check was not updated in time. */
    void expire(CheckRecord check) {
        raft.write(() -> {
            if (!check.live) {
                return;
            }
            String last = check.output;
            set(
                    check,
                    CheckStatus.CRITICAL,
                    last.isEmpty() ? "TTL expired" : "TTL expired (last output before timeout follows): " + last);
        });
    }

    /**
     * Consul's reaper: removes each service with a check that has been critical for longer than
     * its {@code DeregisterCriticalServiceAfter}.
     *
     * @return the IDs of the services removed
     */
    List<String> reap() {
        return raft.write(() -> {
            long nowNanos = now();
            Set<String> doomed = new LinkedHashSet<>();
            for (CheckRecord check : checks.values()) {
                long after = check.definition.deregisterCriticalServiceAfter().toNanos();
                if (check.status == CheckStatus.CRITICAL && after > 0 && nowNanos - check.criticalSince > after) {
                    doomed.add(check.serviceId);
                }
            }
            List<String> reaped = new ArrayList<>();
            for (String serviceId : doomed) {
                if (remove(serviceId)) {
                    reaped.add(serviceId);
                }
            }
            return reaped;
        });
    }

    /**
     * Moves the clock the reaper measures critical time with ahead by this much, as if it had
     * passed: checks critical now count it; checks turning critical later start from then.
     */
    void advanceClock(long nanos) {
        raft.write(() -> {
            clockAheadNanos += nanos;
        });
    }

    /** The reaper's clock, in {@link System#nanoTime()} terms. Called under the lock. */
    private long now() {
        return System.nanoTime() + clockAheadNanos;
    }

    /** Status changes move the indexes; output alone does not, as Consul defers syncing it. */
    private void set(CheckRecord check, CheckStatus status, String output) {
        check.output = CheckRecord.truncate(output);
        if (check.status == status) {
            return;
        }
        if (status == CheckStatus.CRITICAL) {
            check.criticalSince = now();
        }
        long idx = raft.next();
        check.status = status;
        check.modifyIndex = idx;
        checksIndex = idx;
        ServiceRecord service = services.get(check.serviceId);
        if (service != null) {
            touchName(service.name(), idx);
        }
    }

    private void stop(CheckRecord check) {
        check.live = false;
        lifecycle.stopped(check);
    }

    private void touchName(String name, long idx) {
        nameIndexes.put(name, idx);
    }

    private void extinctIfLast(String name, long idx) {
        if (!exists(name)) {
            extinctionIndex = idx;
        }
    }

    /** Lowers every index with the function, as a restore from an older snapshot would. */
    void lowerIndexes(LongUnaryOperator lower) {
        services.replaceAll((id, s) -> new ServiceRecord(
                s.definition(), lower.applyAsLong(s.createIndex()), lower.applyAsLong(s.modifyIndex())));
        for (CheckRecord c : checks.values()) {
            c.createIndex = lower.applyAsLong(c.createIndex);
            c.modifyIndex = lower.applyAsLong(c.modifyIndex);
        }
        nameIndexes.replaceAll((name, idx) -> lower.applyAsLong(idx));
        nodeIndex = lower.applyAsLong(nodeIndex);
        servicesIndex = lower.applyAsLong(servicesIndex);
        checksIndex = lower.applyAsLong(checksIndex);
        extinctionIndex = extinctionIndex == 0 ? 0 : lower.applyAsLong(extinctionIndex);
    }

    // ---- reads, under the lock ----

    Collection<ServiceRecord> services() {
        return services.values();
    }

    Collection<CheckRecord> checks() {
        return checks.values();
    }

    List<CheckRecord> checksOf(String serviceId) {
        List<CheckRecord> out = new ArrayList<>();
        for (CheckRecord check : checks.values()) {
            if (check.serviceId.equals(serviceId)) {
                out.add(check);
            }
        }
        return out;
    }

    @Nullable
    ServiceRecord service(String serviceId) {
        return services.get(serviceId);
    }

    boolean exists(String name) {
        if (name.equals(CONSUL_SERVICE)) {
            return true;
        }
        for (ServiceRecord service : services.values()) {
            if (service.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    long nodeIndex() {
        return nodeIndex;
    }

    /** The index of {@code /v1/catalog/services}: the services table's. */
    long servicesIndex() {
        return servicesIndex;
    }

    /**
     * The index of {@code /v1/health/service/<name>}, as Consul picks it: the name's own index
     * while it has instances, else the last extinction of any name, else the tables' highest.
     */
    long healthIndex(String name) {
        if (exists(name)) {
            return nameIndexes.getOrDefault(name, servicesIndex);
        }
        if (extinctionIndex > 0) {
            return extinctionIndex;
        }
        return Math.max(nodeIndex, Math.max(servicesIndex, checksIndex));
    }

    /** Allocates at most one index per change, however many rows it touches. */
    private final class Change {
        private long index;

        long index() {
            if (index == 0) {
                index = raft.next();
            }
            return index;
        }
    }
}
