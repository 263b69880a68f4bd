package dev.chassis.resilience.internal;

import dev.chassis.core.client.CallPolicy;
import dev.chassis.core.client.ClientConnectException;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientRejectedException;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.ClientTimeoutException;
import dev.chassis.core.client.OutboundRequest;
import dev.chassis.core.context.Deadline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One call's attempts: the retry loop, with each attempt under the per-attempt timeout. A failed
 * attempt is retried when the rules allow it, attempts are left, the wait ends before the deadline
 * and the budget has a retry to give; the wait is scheduled, holding no thread. Cancelling the
 * result cancels the attempt in flight or the wait.
 */
final class RetryingCall<T> {
    private final DownstreamPolicies policies;
    private final OutboundRequest request;
    private final CallPolicy.Attempt<T> attempt;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private int attempts;
    // The last failed attempt that may have reached the downstream; touched by one attempt's
    // completion at a time.
    private @Nullable ClientException reached;
    private volatile @Nullable Future<?> pending;

    RetryingCall(DownstreamPolicies policies, OutboundRequest request, CallPolicy.Attempt<T> attempt) {
        this.policies = policies;
        this.request = request;
        this.attempt = attempt;
    }

    CompletableFuture<T> start() {
        RetryBudget budget = policies.budget();
        if (budget != null) {
            budget.deposit();
        }
        result.whenComplete((value, failure) -> {
            Future<?> inFlight = pending;
            if (result.isCancelled() && inFlight != null) {
                inFlight.cancel(true);
            }
        });
        run();
        return result;
    }

    private void run() {
        if (result.isDone()) {
            return;
        }
        attempts++;
        CompletableFuture<T> stage;
        try {
            stage = policies.timeoutNanos() > 0
                    ? timed(policies.timeoutNanos())
                    : attempt.start().toCompletableFuture();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        pending = stage;
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                failed(unwrap(failure));
            }
        });
    }

    /**
     * The attempt, aborted when it outlasts the timeout or the deadline. The attempt keeps the
     * limit itself (the chassis client on the connection's event loop, with its response timer):
     * a timer here, on the scheduler, would wake a thread for every call.
     */
    private CompletableFuture<T> timed(long timeoutNanos) {
        long nanos = timeoutNanos;
        Deadline deadline = request.deadline().orElse(null);
        if (deadline != null) {
            nanos = Math.max(1, Math.min(nanos, deadline.nanoTime() - System.nanoTime()));
        }
        Duration limit = Duration.ofNanos(nanos);
        CompletableFuture<T> running = attempt.start(limit).toCompletableFuture();
        CompletableFuture<T> timed = new CompletableFuture<>();
        running.whenComplete((value, failure) -> {
            if (failure == null) {
                timed.complete(value);
            } else {
                Throwable cause = unwrap(failure);
                timed.completeExceptionally(
                        cause instanceof TimeoutException
                                ? new ClientTimeoutException(request.downstream(), limit)
                                : cause);
            }
        });
        timed.whenComplete((value, failure) -> {
            if (timed.isCancelled()) {
                running.cancel(true);
            }
        });
        return timed;
    }

    private void failed(Throwable failure) {
        if (result.isDone()) {
            return;
        }
        if (!(failure instanceof ClientException last)) {
            result.completeExceptionally(failure);
            return;
        }
        if (last.reachedServer()) {
            reached = last;
        }
        if (attempts >= policies.maxAttempts() || !Retries.retryable(request, last, policies.retryStatuses())) {
            result.completeExceptionally(withEarlierAttempt(last));
            return;
        }
        long delay = policies.backoff()
                .delayNanos(attempts, ThreadLocalRandom.current().nextDouble());
        if (Retries.honoursRetryAfter(last)) {
            long asked =
                    ((ClientStatusException) last).retryAfter().orElseThrow().toNanos();
            if (asked > policies.maxBackoffNanos()) {
                // Waiting longer than any backoff would is not worth the caller's time.
                result.completeExceptionally(withEarlierAttempt(last));
                return;
            }
            delay = Math.max(delay, asked);
        }
        Deadline deadline = request.deadline().orElse(null);
        if (deadline != null && deadline.nanoTime() - System.nanoTime() <= delay) {
            result.completeExceptionally(new ClientRejectedException(
                    request.downstream(),
                    ClientRejectedException.Reason.DEADLINE,
                    "no retry: the wait of " + TimeUnit.NANOSECONDS.toMillis(delay)
                            + " ms would end after the request's deadline; attempt " + attempts + " failed: "
                            + last.getMessage(),
                    withEarlierAttempt(last)));
            return;
        }
        RetryBudget budget = policies.budget();
        if (budget != null && !budget.tryWithdraw()) {
            result.completeExceptionally(new ClientRejectedException(
                    request.downstream(),
                    ClientRejectedException.Reason.RETRY_BUDGET,
                    "no retry: the retry budget is spent; attempt " + attempts + " failed: " + last.getMessage(),
                    withEarlierAttempt(last)));
            return;
        }
        policies.metrics().retry();
        try {
            pending = policies.scheduler().schedule(this::run, delay, TimeUnit.NANOSECONDS);
        } catch (RuntimeException stopped) {
            result.completeExceptionally(withEarlierAttempt(last));
        }
    }

    /**
     * The call's failure: the last attempt's, made to say so when that attempt did not reach the
     * downstream but an earlier one may have, so that the caller never takes a call whose outcome
     * is unknown for one that was never sent.
     */
    private ClientException withEarlierAttempt(ClientException last) {
        ClientException earlier = reached;
        if (earlier == null || last.reachedServer()) {
            return last;
        }
        String detail = last.detail() + "; an earlier attempt may have reached it: " + earlier.detail();
        if (last instanceof ClientRejectedException rejected) {
            return new ClientRejectedException(request.downstream(), rejected.reason(), detail, earlier);
        }
        return new ClientConnectException(request.downstream(), detail, true, last);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
