package dev.chassis.core.client;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keeps attempts away from instances that are failing: per-instance circuit breakers, contributed
 * by {@code chassis-resilience}. The client's load balancer chooses among available instances
 * only, so one bad instance is skipped while others are healthy; when none is available the call
 * is refused with {@link ClientRejectedException.Reason#CIRCUIT_OPEN}. At most one gate may be
 * contributed. Implementations must be thread-safe.
 */
public interface InstanceGate {
    /** Whether the instance may be chosen now. */
    boolean isAvailable(String downstream, ServiceInstance instance);

    /**
     * Claims the right to send an attempt to the instance; false when its breaker refuses (open,
     * or its half-open trial calls are taken). Every claim is followed by one {@link #onResult}.
     */
    boolean tryAcquire(String downstream, ServiceInstance instance);

    /**
     * Records how a claimed attempt ended.
     *
     * @param status the response status, 0 when none arrived
     * @param failure why no response arrived
     */
    void onResult(
            String downstream, ServiceInstance instance, int status, @Nullable Throwable failure, long durationNanos);

    /**
     * Forgets the instances of a downstream that are no longer resolved: their breakers and the
     * meters that show them. Called when a resolver reports a change; the default keeps everything.
     *
     * @param instanceIds the IDs of the instances the downstream has now
     */
    default void retain(String downstream, Set<String> instanceIds) {}
}
