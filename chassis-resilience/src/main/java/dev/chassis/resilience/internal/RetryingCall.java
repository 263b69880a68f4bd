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
 * One call's attempts: the retry loop, with each attempt under the per-attempt timeout, and the
 * hedge. A failed attempt is retried when the rules allow it, attempts are left, the wait ends
 * before the deadline and the budget has a retry to give; the wait is scheduled, holding no
 * thread. A hedged call (idempotent, with hedging on) whose first attempt is unanswered after the
 * hedge's wait gets a second attempt, paid from the retry budget; the first answer wins and the
 * other attempt is cancelled; a failure of one waits for the other, and only when both have failed
 * do the retry rules look at the last failure. Cancelling the result cancels the attempts in
 * flight and the waits.
 */
final class RetryingCall<T> {
    private final DownstreamPolicies policies;
    private final OutboundRequest request;
    private final CallPolicy.Attempt<T> attempt;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    // The attempts that may be in flight: the latest of the first attempt and its retries, and the
    // hedge; two fields rather than a set, so that a call that is not hedged allocates nothing more.
    private volatile @Nullable CompletableFuture<T> current;
    private volatile @Nullable CompletableFuture<T> hedging;
    // Guarded by this: attempts started, and attempts in flight (a hedge is sent only while the
    // first is, and a failure goes to the retry rules only when no other attempt is in flight).
    private int attempts;
    private int inFlight;
    // The last failed attempt that may have reached the downstream; guarded by this.
    private @Nullable ClientException reached;
    private volatile @Nullable Future<?> waiting;
    private volatile @Nullable Future<?> hedgeTimer;

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
            // The winner is done already; what is left is a loser, a hedge's wait or a retry's.
            Future<?> wait = waiting;
            if (wait != null) {
                wait.cancel(false);
            }
            Future<?> timer = hedgeTimer;
            if (timer != null) {
                timer.cancel(false);
            }
            cancel(current);
            cancel(hedging);
        });
        run();
        return result;
    }

    private void run() {
        if (result.isDone()) {
            return;
        }
        boolean first;
        synchronized (this) {
            first = attempts == 0;
            attempts++;
            inFlight++;
        }
        launch(false);
        HedgeDelay hedge = policies.hedgeDelay();
        if (first && hedge != null && request.idempotent()) {
            scheduleHedge(hedge.nanos());
        }
    }

    /** Starts an attempt the caller has counted in flight. */
    private void launch(boolean isHedge) {
        long started = System.nanoTime();
        CompletableFuture<T> stage;
        try {
            stage = policies.timeoutNanos() > 0
                    ? timed(policies.timeoutNanos())
                    : attempt.start().toCompletableFuture();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> attemptStage = stage;
        if (isHedge) {
            hedging = attemptStage;
        } else {
            current = attemptStage;
        }
        if (result.isDone()) {
            // Answered by the other attempt while this one started.
            attemptStage.cancel(true);
        }
        attemptStage.whenComplete((value, failure) -> {
            boolean last;
            synchronized (this) {
                inFlight--;
                last = inFlight == 0;
            }
            if (failure == null) {
                HedgeDelay hedge = policies.hedgeDelay();
                if (hedge != null) {
                    hedge.observe(System.nanoTime() - started);
                }
                if (result.complete(value) && isHedge) {
                    policies.metrics().hedgeWon();
                }
                return;
            }
            Throwable cause = unwrap(failure);
            if (last) {
                failed(cause);
            } else if (cause instanceof ClientException e && e.reachedServer()) {
                synchronized (this) {
                    reached = e;
                }
            }
        });
    }

    /**
     * Sends the hedge after the wait, while the first attempt is still in flight, the deadline
     * leaves room and the budget has a retry to give.
     */
    private void scheduleHedge(long delayNanos) {
        Deadline deadline = request.deadline().orElse(null);
        if (deadline != null && deadline.nanoTime() - System.nanoTime() <= delayNanos) {
            return;
        }
        try {
            hedgeTimer = policies.scheduler().schedule(this::hedge, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException stopped) {
            // the scheduler is stopping with the service: the first attempt goes on alone
        }
    }

    private void hedge() {
        synchronized (this) {
            // Only beside the first attempt: not once it failed, nor beside a retry.
            if (result.isDone() || inFlight == 0 || attempts > 1) {
                return;
            }
            RetryBudget budget = policies.budget();
            if (budget != null && !budget.tryWithdraw()) {
                return;
            }
            inFlight++;
        }
        policies.metrics().hedgeSent();
        launch(true);
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
        int attempts;
        synchronized (this) {
            if (last.reachedServer()) {
                reached = last;
            }
            attempts = this.attempts;
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
            waiting = policies.scheduler().schedule(this::run, delay, TimeUnit.NANOSECONDS);
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
        ClientException earlier;
        synchronized (this) {
            earlier = reached;
        }
        if (earlier == null || last.reachedServer()) {
            return last;
        }
        String detail = last.detail() + "; an earlier attempt may have reached it: " + earlier.detail();
        if (last instanceof ClientRejectedException rejected) {
            return new ClientRejectedException(request.downstream(), rejected.reason(), detail, earlier);
        }
        return new ClientConnectException(request.downstream(), detail, true, last);
    }

    private static void cancel(@Nullable CompletableFuture<?> attempt) {
        if (attempt != null) {
            attempt.cancel(true);
        }
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
