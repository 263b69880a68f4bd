package dev.chassis.resilience.internal;

import dev.chassis.core.client.CallPolicy;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientRejectedException;
import dev.chassis.core.client.OutboundRequest;
import dev.chassis.resilience.config.BulkheadConfig;
import dev.chassis.resilience.config.FallbackConfig;
import dev.chassis.resilience.config.PolicyConfig;
import dev.chassis.resilience.config.RateLimiterConfig;
import dev.chassis.resilience.spi.ClientFallback;
import dev.failsafe.Bulkhead;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RateLimitExceededException;
import dev.failsafe.RateLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The policies of one downstream, built once and shared by every call to it: outermost the
 * per-client fallback, then the bulkhead and the rate limiter (Failsafe's, used through their
 * permits so that a call that need not wait starts on the caller's thread, and one that waits
 * holds no thread), then the retry loop, which deposits in the retry budget and runs each attempt
 * under the per-attempt timeout. The per-instance breakers sit
 * inside each attempt, in the {@link InstanceBreakers} gate. Thread-safe.
 */
final class DownstreamPolicies {
    private final String downstream;
    private final PolicyConfig config;
    private final ScheduledExecutorService scheduler;
    private final @Nullable Bulkhead<Object> bulkhead;
    private final @Nullable FailsafeExecutor<Object> waitForRoom;
    private final @Nullable RateLimiter<Object> rateLimiter;
    private final long maxRateWaitNanos;
    private final @Nullable RetryBudget budget;
    private final Backoff backoff;
    private final Set<Integer> retryStatuses;
    private final long maxBackoffNanos;
    private final long timeoutNanos;
    private final @Nullable HedgeDelay hedgeDelay;
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
        BulkheadConfig b = config.bulkhead();
        this.bulkhead = b.enabled()
                ? Bulkhead.builder(b.maxConcurrent())
                        .withMaxWaitTime(b.maxWait())
                        .build()
                : null;
        this.waitForRoom = bulkhead != null && !b.maxWait().isZero()
                ? Failsafe.with(bulkhead).with(scheduler)
                : null;
        RateLimiterConfig r = config.rateLimiter();
        this.rateLimiter = r.enabled()
                ? (r.mode() == RateLimiterConfig.Mode.SMOOTH
                                ? RateLimiter.smoothBuilder(r.limit(), r.period())
                                : RateLimiter.burstyBuilder(r.limit(), r.period()))
                        .build()
                : null;
        this.maxRateWaitNanos = r.maxWait().toNanos();
        this.budget = config.retryBudget().enabled()
                        && (config.retry().maxAttempts() > 1 || config.hedge().enabled())
                ? new RetryBudget(config.retryBudget(), System::nanoTime)
                : null;
        this.backoff = new Backoff(config.retry());
        this.retryStatuses = config.retry().statuses();
        this.maxBackoffNanos = config.retry().maxBackoff().toNanos();
        this.timeoutNanos = config.timeout().perAttempt().toNanos();
        this.hedgeDelay = config.hedge().enabled() ? new HedgeDelay(config.hedge(), System::nanoTime) : null;
        this.lastGood =
                config.fallback().mode() == FallbackConfig.Mode.LAST_GOOD ? new LastGood(config.fallback()) : null;
        this.fallback = fallback;
        this.metrics = new CallMetrics(registry, downstream, budget);
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

    /**
     * Through the bulkhead: a free permit is taken on the caller's thread; with none free the call
     * is refused at once, or, with a {@code max-wait}, waits for one through Failsafe's bulkhead
     * executor on the scheduler.
     */
    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> admitted(OutboundRequest request, CallPolicy.Attempt<T> attempt) {
        Bulkhead<Object> b = bulkhead;
        if (b == null) {
            return limited(request, attempt);
        }
        if (b.tryAcquirePermit()) {
            CompletableFuture<T> call;
            try {
                call = limited(request, attempt);
            } catch (RuntimeException e) {
                b.releasePermit();
                throw e;
            }
            call.whenComplete((value, failure) -> b.releasePermit());
            return call;
        }
        if (waitForRoom == null) {
            return CompletableFuture.failedFuture(new BulkheadFullException(b));
        }
        CompletableFuture<Object> waited =
                waitForRoom.getStageAsync(() -> limited(request, (CallPolicy.Attempt<Object>) attempt));
        return (CompletableFuture<T>) waited;
    }

    /** Through the rate limiter: a permit now, or the start scheduled for when one is reserved. */
    private <T> CompletableFuture<T> limited(OutboundRequest request, CallPolicy.Attempt<T> attempt) {
        RateLimiter<Object> r = rateLimiter;
        if (r == null) {
            return new RetryingCall<>(this, request, attempt).start();
        }
        Duration wait = r.tryReservePermit(Duration.ofNanos(maxRateWaitNanos));
        if (wait.isNegative()) {
            return CompletableFuture.failedFuture(new RateLimitExceededException(r));
        }
        if (wait.isZero()) {
            return new RetryingCall<>(this, request, attempt).start();
        }
        CompletableFuture<T> later = new CompletableFuture<>();
        Future<?> scheduled = scheduler.schedule(
                () -> {
                    if (!later.isDone()) {
                        CompletableFuture<T> call = new RetryingCall<>(this, request, attempt).start();
                        call.whenComplete((value, failure) -> {
                            if (failure == null) {
                                later.complete(value);
                            } else {
                                later.completeExceptionally(failure);
                            }
                        });
                        later.whenComplete((value, failure) -> {
                            if (later.isCancelled()) {
                                call.cancel(true);
                            }
                        });
                    }
                },
                wait.toNanos(),
                TimeUnit.NANOSECONDS);
        later.whenComplete((value, failure) -> scheduled.cancel(false));
        return later;
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

    /** The hedge's wait, null when calls to this downstream are not hedged. */
    @Nullable
    HedgeDelay hedgeDelay() {
        return hedgeDelay;
    }
}
