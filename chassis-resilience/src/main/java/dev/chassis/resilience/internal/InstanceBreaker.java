package dev.chassis.resilience.internal;

import dev.chassis.core.client.ClientConnectException;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.ClientTimeoutException;
import dev.chassis.resilience.config.CircuitBreakerConfig;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerBuilder;
import dev.failsafe.event.CircuitBreakerStateChangedEvent;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breaker of one instance: Failsafe's, used on its own: the gate asks it for a permit
 * before an attempt and records how the attempt went. What counts as a failure is decided here:
 * the configured kinds ({@code 5xx}, {@code timeout}, {@code connect}), a call slower than
 * {@code slow-call-duration}, never a 4xx answer. Thread-safe.
 */
final class InstanceBreaker {
    private final CircuitBreaker<Object> breaker;
    private final Set<CircuitBreakerConfig.Failure> failureOn;
    private final long slowNanos;

    InstanceBreaker(CircuitBreakerConfig config, BiConsumer<CircuitBreaker.State, CircuitBreaker.State> onTransition) {
        CircuitBreakerBuilder<Object> builder = CircuitBreaker.builder()
                .withDelay(config.delay())
                .withSuccessThreshold(config.successesToClose(), config.halfOpenCalls())
                .onOpen(e -> onTransition.accept(from(e), CircuitBreaker.State.OPEN))
                .onHalfOpen(e -> onTransition.accept(from(e), CircuitBreaker.State.HALF_OPEN))
                .onClose(e -> onTransition.accept(from(e), CircuitBreaker.State.CLOSED));
        if (config.windowType() == CircuitBreakerConfig.WindowType.COUNT) {
            int failures = (int) Math.max(1, Math.ceil(config.failureRatio() * config.windowSize() - 1e-9));
            builder.withFailureThreshold(failures, config.windowSize());
        } else {
            int percent = (int) Math.max(1, Math.round(config.failureRatio() * 100));
            builder.withFailureRateThreshold(percent, config.minimumCalls(), config.window());
        }
        this.breaker = builder.build();
        this.failureOn = config.failureOn();
        this.slowNanos = config.slowCallDuration().toNanos();
    }

    private static CircuitBreaker.State from(CircuitBreakerStateChangedEvent event) {
        return event.getPreviousState();
    }

    /** Whether the instance may be chosen: closed, half-open, or open with its delay over. */
    boolean isAvailable() {
        return !breaker.isOpen() || breaker.getRemainingDelay().isZero();
    }

    boolean tryAcquire() {
        return breaker.tryAcquirePermit();
    }

    void record(int status, @Nullable Throwable failure, long durationNanos) {
        if (isFailure(status, failure, durationNanos)) {
            breaker.recordFailure();
        } else {
            breaker.recordSuccess();
        }
    }

    boolean isFailure(int status, @Nullable Throwable failure, long durationNanos) {
        if (status >= 400 && status < 500) {
            return false;
        }
        if (failure instanceof ClientStatusException || status >= 500) {
            if (status >= 500 && failureOn.contains(CircuitBreakerConfig.Failure.SERVER_ERROR)) {
                return true;
            }
        } else if (failure instanceof ClientTimeoutException) {
            if (failureOn.contains(CircuitBreakerConfig.Failure.TIMEOUT)) {
                return true;
            }
        } else if (failure instanceof ClientConnectException || failure != null) {
            if (failureOn.contains(CircuitBreakerConfig.Failure.CONNECT)) {
                return true;
            }
        }
        return slowNanos > 0 && durationNanos > slowNanos;
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }
}
