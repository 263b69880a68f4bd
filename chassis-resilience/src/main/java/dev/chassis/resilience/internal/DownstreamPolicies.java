package dev.chassis.resilience.internal;

import dev.chassis.core.client.CallPolicy;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientRejectedException;
import dev.chassis.core.client.OutboundRequest;
import dev.chassis.resilience.ClientFallback;
import dev.chassis.resilience.PolicyConfig;
import dev.failsafe.Bulkhead;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Policy;
import dev.failsafe.RateLimitExceededException;
import dev.failsafe.RateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The policies of one downstream, built once and shared by every call to it: outermost the
 * per-client fallback, then the retry budget's deposit, the bulkhead and the rate limiter
 * (Failsafe's, run on the shared scheduler so that waiting for room holds no thread), then the
 * retry loop whose attempts each run under the per-attempt timeout. The per-instance breakers sit
 * inside each attempt, in the {@link InstanceBreakers} gate. Thread-safe.
 */
final class DownstreamPolicies {
    private final String downstream;
    private final PolicyConfig config;
    private final ScheduledExecutorService scheduler;
    private final @Nullable FailsafeExecutor<Object> admission;
    private final @Nullable RetryBudget budget;
    private final Backoff backoff;
    private final Set<Integer> retryStatuses;
    private final long maxBackoffNanos;
    private final long timeoutNanos;
    private final @Nullable LastGood lastGood;
    private final @Nullable ClientFallback fallback;
    private final CallMetrics metrics;

    DownstreamPolicies(
            String downstream,
            PolicyConfig config,
            ScheduledExecutorService scheduler,
            @Nullable ClientFallback fallback,
            io.micrometer.core.instrument.@Nullable MeterRegistry registry) {
        this.downstream = downstream;
        this.config = config;
        this.scheduler = scheduler;
        this.admission = admission(config, scheduler);
        this.budget = config.retryBudget().enabled() && config.retry().maxAttempts() > 1
                ? new RetryBudget(config.retryBudget(), System::nanoTime)
                : null;
        this.backoff = new Backoff(config.retry());
        this.retryStatuses = config.retry().statuses();
        this.maxBackoffNanos = config.retry().maxBackoff().toNanos();
        this.timeoutNanos = config.timeout().perAttempt().toNanos();
        this.lastGood = config.fallback().mode() == PolicyConfig.Fallback.Mode.LAST_GOOD
                ? new LastGood(config.fallback())
                : null;
        this.fallback = fallback;
        this.metrics = new CallMetrics(registry, downstream, budget);
    }

    private static @Nullable FailsafeExecutor<Object> admission(
            PolicyConfig config, ScheduledExecutorService scheduler) {
        List<Policy<Object>> policies = new ArrayList<>(2);
        PolicyConfig.Bulkhead b = config.bulkhead();
        if (b.enabled()) {
            policies.add(Bulkhead.builder(b.maxConcurrent())
                    .withMaxWaitTime(b.maxWait())
                    .build());
        }
        PolicyConfig.RateLimiter r = config.rateLimiter();
        if (r.enabled()) {
            policies.add((r.mode() == PolicyConfig.RateLimiter.Mode.SMOOTH
                            ? RateLimiter.smoothBuilder(r.limit(), r.period())
                            : RateLimiter.burstyBuilder(r.limit(), r.period()))
                    .withMaxWaitTime(r.maxWait())
                    .build());
        }
        return policies.isEmpty() ? null : Failsafe.with(policies).with(scheduler);
    }

    <T> CompletionStage<T> execute(OutboundRequest request, CallPolicy.Attempt<T> attempt) {
        CompletableFuture<T> outcome = admitted(request, attempt);
        CompletableFuture<T> result = new CompletableFuture<>();
        outcome.whenComplete((value, failure) -> {
            if (failure == null) {
                if (lastGood != null && LastGood.applies(request) && value != null) {
                    lastGood.remember(request, value);
                }
                metrics.call(Outcome.SUCCESS);
                result.complete(value);
            } else {
                finishFailed(request, attempt, RetryingCall.unwrap(failure), result);
            }
        });
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                outcome.cancel(true);
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> admitted(OutboundRequest request, CallPolicy.Attempt<T> attempt) {
        if (admission == null) {
            return new RetryingCall<>(this, request, attempt).start();
        }
        CompletableFuture<Object> admitted = admission.getStageAsync(
                () -> new RetryingCall<>(this, request, (CallPolicy.Attempt<Object>) attempt).start());
        return (CompletableFuture<T>) admitted;
    }

    @SuppressWarnings("unchecked")
    private <T> void finishFailed(
            OutboundRequest request, CallPolicy.Attempt<T> attempt, Throwable failure, CompletableFuture<T> result) {
        ClientException error = asClientException(failure);
        if (error == null) {
            metrics.call(Outcome.FAILURE);
            result.completeExceptionally(failure);
            return;
        }
        if (!request.hasFallback() && Retries.unavailable(error)) {
            if (lastGood != null && LastGood.applies(request)) {
                Object remembered = lastGood.recall(request);
                if (remembered != null) {
                    metrics.call(Outcome.FALLBACK);
                    result.complete((T) remembered);
                    return;
                }
            }
            if (fallback != null) {
                try {
                    Optional<Object> answer = fallback.answer(request, error);
                    if (answer.isPresent()) {
                        T response = attempt.respond(answer.get());
                        metrics.call(Outcome.FALLBACK);
                        result.complete(response);
                        return;
                    }
                } catch (RuntimeException e) {
                    error.addSuppressed(e);
                }
            }
        }
        metrics.call(Outcome.of(error));
        result.completeExceptionally(error);
    }

    private @Nullable ClientException asClientException(Throwable failure) {
        if (failure instanceof ClientException e) {
            return e;
        }
        if (failure instanceof BulkheadFullException e) {
            return new ClientRejectedException(
                    downstream,
                    ClientRejectedException.Reason.BULKHEAD_FULL,
                    "the bulkhead is full (" + config.bulkhead().maxConcurrent() + " calls in flight)",
                    e);
        }
        if (failure instanceof RateLimitExceededException e) {
            return new ClientRejectedException(
                    downstream,
                    ClientRejectedException.Reason.RATE_LIMITED,
                    "the rate limit of " + config.rateLimiter().limit() + " calls per "
                            + config.rateLimiter().period().toMillis() + " ms is reached",
                    e);
        }
        return null;
    }

    // ---- for the retry loop ----

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Nullable
    RetryBudget budget() {
        return budget;
    }

    Backoff backoff() {
        return backoff;
    }

    int maxAttempts() {
        return config.retry().maxAttempts();
    }

    Set<Integer> retryStatuses() {
        return retryStatuses;
    }

    long maxBackoffNanos() {
        return maxBackoffNanos;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    CallMetrics metrics() {
        return metrics;
    }
}
