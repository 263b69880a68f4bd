package dev.chassis.examples.transfers;

import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.examples.transfers.Transfer.State;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the sagas requests could not: every {@code transfers.recovery-interval} it undoes the
 * transfers being compensated or reversed, and those left pending or debited for longer than
 * {@code transfers.stale-after} (their request died with the process). Runs while the service is
 * ready; stops before the database pool closes.
 */
@Singleton
final class Recovery implements LifecycleParticipant {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    private static final int BATCH = 100;

    private final TransferStore store;
    private final TransferSaga saga;
    private final TransfersConfig config;
    // Touched by the scheduler's one thread only.
    private int lastLeft;
    private long lastWarning;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "transfers-recovery");
        t.setDaemon(true);
        return t;
    });

    @Inject
    Recovery(TransferStore store, TransferSaga saga, TransfersConfig config) {
        this.store = store;
        this.saga = saga;
        this.config = config;
    }

    @Override
    public int phase() {
        // Above the pools and clients (stopped after it), below the server.
        return PHASE_SERVER - 100;
    }

    @Override
    public void onReady() {
        long every = config.recoveryInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::pass, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        scheduler.shutdown();
        if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
            scheduler.shutdownNow();
        }
    }

    /**
     * One pass: undoes unsettled transfers, oldest first, until one cannot be undone (then
     * accounts-service is unavailable, and the rest would fail the same way). Logs a warning
     * when transfers start being left over, then at most once a minute while some are.
     */
    void pass() {
        try {
            Instant now = Instant.now();
            List<Transfer> unsettled =
                    store.unsettled(now.minus(config.recoveryInterval()), now.minus(config.staleAfter()), BATCH);
            int undone = 0;
            for (Transfer t : unsettled) {
                Transfer undoing = t;
                if (t.state() == State.PENDING || t.state() == State.DEBITED) {
                    undoing = store.advance(
                                    t, t.state(), State.COMPENSATING, "its saga was interrupted at " + t.state(), null)
                            .orElse(t);
                }
                if (!saga.undo(undoing).state().settled()) {
                    break;
                }
                undone++;
            }
            report(unsettled.size() - undone);
        } catch (RuntimeException e) {
            log.warn("recovery pass failed; the next pass retries", e);
        }
    }

    private void report(int left) {
        long now = System.nanoTime();
        if (left == 0) {
            if (lastLeft > 0) {
                log.info("every interrupted transfer is undone");
            }
        } else if (lastLeft == 0 || now - lastWarning > TimeUnit.MINUTES.toNanos(1)) {
            log.warn(
                    "{}{} transfers are still to be undone; retrying every {} ms",
                    left == BATCH ? "at least " : "",
                    left,
                    config.recoveryInterval().toMillis());
            lastWarning = now;
        }
        lastLeft = left;
    }
}
