package dev.chassis.discovery.internal;

import dev.chassis.core.health.Health;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where this instance's registration stands, for the health document and the state gauge.
 * Written by the registration thread, read anywhere. Thread-safe.
 */
public final class RegistrationStatus {
    /** The states of the registration. */
    public enum State {
        /** Consul or registration is off. */
        DISABLED,
        /** Waiting for the service to turn ready. */
        PENDING,
        /** Trying to register; {@link #lastError()} says why the last attempt failed. */
        REGISTERING,
        /** Registered with the agent. */
        REGISTERED,
        /** Deregistered as the service stops. */
        DEREGISTERED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private volatile State state = State.DISABLED;
    private volatile String serviceId = "";
    private volatile String agent = "";
    private volatile @Nullable String lastError;
    private volatile int failures;
    private volatile Instant since = Instant.now();

    /** The state now. */
    public State state() {
        return state;
    }

    /** Why the last call to the agent failed, if it did. */
    public @Nullable String lastError() {
        return lastError;
    }

    /** Consecutive failed attempts to register. */
    public int failures() {
        return failures;
    }

    /** The registered service ID, once known. */
    public String serviceId() {
        return serviceId;
    }

    void describe(String serviceId, String agent) {
        this.serviceId = serviceId;
        this.agent = agent;
    }

    void moveTo(State next) {
        if (state != next) {
            state = next;
            since = Instant.now();
        }
        if (next == State.REGISTERED || next == State.DEREGISTERED) {
            failures = 0;
            lastError = null;
        }
    }

    void failed(String error) {
        failures++;
        lastError = error;
    }

    /** An agent call other than registration failed; the state stays. */
    void noted(String error) {
        lastError = error;
    }

    /** 1 while registered, else 0. */
    int registered() {
        return state == State.REGISTERED ? 1 : 0;
    }

    /** Always up, so that Consul being away never takes the service out of rotation; details say where it stands. */
    Health health() {
        Health h = Health.up().withDetail("state", state.wireName()).withDetail("since", since.toString());
        if (!serviceId.isEmpty()) {
            h = h.withDetail("service-id", serviceId).withDetail("agent", agent);
        }
        if (failures > 0) {
            h = h.withDetail("failed-attempts", failures);
        }
        String error = lastError;
        if (error != null) {
            h = h.withDetail("last-error", error);
        }
        return h;
    }
}
