package dev.chassis.examples.transfers;

import dev.chassis.core.client.ClientConnectException;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientProblemException;
import dev.chassis.core.client.ClientRejectedException;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.ClientTimeoutException;
import dev.chassis.core.client.ServiceClient;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.examples.transfers.Transfer.State;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfer saga: debit the source account, then credit the target; when the credit is refused
 * after the debit, give the debit back. Each step is an idempotent {@code PUT} or {@code DELETE}
 * on accounts-service named by the transfer's ID, so the resilient client may retry it, and a
 * step repeated by the recovery pass does nothing twice.
 *
 * <p>When accounts-service cannot be reached, whatever the transfer may have done is undone: the
 * credit taken back, then the debit given back. Only a debit that never reached accounts-service
 * (no connection made, or refused on this side before any attempt left) is taken as not made;
 * one whose outcome is unknown is given back. Both reversals are idempotent, and both make
 * accounts-service refuse the original step should it still land. Until they succeed the transfer
 * is {@link State#COMPENSATING} and {@link Recovery} keeps trying.
 */
@Singleton
final class TransferSaga {
    static final String PROBLEMS = "https://problems.simplebank.example/";
    private static final Logger log = LoggerFactory.getLogger(TransferSaga.class);

    private final TransferStore store;
    private final ServiceClient accounts;
    private final Map<State, Counter> reached = new EnumMap<>(State.class);

    @Inject
    TransferSaga(TransferStore store, ServiceClients clients, TransfersConfig config, MeterRegistry registry) {
        this.store = store;
        this.accounts = clients.get(config.accounts());
        for (State state : State.values()) {
            reached.put(
                    state,
                    Counter.builder("transfers")
                            .description("Transfers that reached a state of their saga")
                            .tag("state", state.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
    }

    /** Runs the saga of a transfer just claimed; answers the transfer where it ended. */
    Transfer run(Transfer transfer) {
        try {
            accounts.put("/accounts/{id}/debits/{transferId}", transfer.fromAccount(), transfer.id())
                    .body(new Movement(transfer.amountCents()))
                    .send(Entry.class);
        } catch (ClientException e) {
            if (refused(e)) {
                return step(
                        transfer,
                        State.FAILED,
                        "the debit of account " + transfer.fromAccount() + " was refused: " + reason(e),
                        problemType(e));
            }
            if (!e.reachedServer()) {
                return step(transfer, State.ABANDONED, unavailable(e), null);
            }
            return undo(step(transfer, State.COMPENSATING, unavailable(e), null));
        }
        Transfer debited = step(transfer, State.DEBITED, null, null);
        if (debited.state() != State.DEBITED) {
            return debited;
        }
        try {
            accounts.put("/accounts/{id}/credits/{transferId}", transfer.toAccount(), transfer.id())
                    .body(new Movement(transfer.amountCents()))
                    .send(Entry.class);
        } catch (ClientException e) {
            if (refused(e)) {
                return undo(step(
                        debited,
                        State.REVERSING,
                        "the credit of account " + transfer.toAccount() + " was refused: " + reason(e),
                        problemType(e)));
            }
            return undo(step(debited, State.COMPENSATING, unavailable(e), null));
        }
        return step(debited, State.COMPLETED, null, null);
    }

    /**
     * Undoes a transfer that is {@link State#COMPENSATING} or {@link State#REVERSING}: takes its
     * credit back, then gives its debit back. Leaves it as it is when accounts-service cannot be
     * reached, for the next recovery pass.
     */
    Transfer undo(Transfer transfer) {
        State state = transfer.state();
        if (state != State.COMPENSATING && state != State.REVERSING) {
            return transfer;
        }
        try {
            if (state == State.COMPENSATING) {
                reverse(transfer.toAccount(), "credits", transfer.id());
            }
            reverse(transfer.fromAccount(), "debits", transfer.id());
        } catch (InsufficientFunds e) {
            // The credit landed and is already spent: it stands, and so does the debit.
            log.warn(
                    "transfer {}: its credit landed and was spent before it could be taken back (account {} holds"
                            + " {} cents, {} needed); the transfer stands as completed",
                    transfer.id(),
                    transfer.toAccount(),
                    e.balanceCents(),
                    e.neededCents());
            return step(transfer, State.COMPLETED, null, null);
        } catch (ClientProblemException e) {
            log.warn("transfer {}: undoing it failed, the recovery pass retries: {}", transfer.id(), reason(e));
            return transfer;
        } catch (ClientException e) {
            log.info("transfer {}: undoing it failed, the recovery pass retries: {}", transfer.id(), reason(e));
            return transfer;
        }
        return step(transfer, state == State.REVERSING ? State.REVERSED : State.ABANDONED, transfer.detail(), null);
    }

    private void reverse(String account, String movements, String transferId) {
        try {
            accounts.delete("/accounts/{id}/" + movements + "/{transferId}", account, transferId)
                    .send(Entry.class);
        } catch (ClientStatusException e) {
            if (e.status() != 404) {
                throw e;
            }
            // No such account: nothing was moved on it.
        }
    }

    /** Takes the next step, unless another request or the recovery pass took one first. */
    private Transfer step(Transfer transfer, State to, @Nullable String detail, @Nullable String problemType) {
        return store.advance(transfer, transfer.state(), to, detail, problemType)
                .map(next -> {
                    reached.get(to).increment();
                    if (to.settled() || to == State.COMPENSATING || to == State.REVERSING) {
                        log.info(
                                "transfer {} of {} cents from {} to {}: {}{}",
                                next.id(),
                                next.amountCents(),
                                next.fromAccount(),
                                next.toAccount(),
                                to,
                                detail == null ? "" : " (" + detail + ")");
                    }
                    return next;
                })
                .orElseGet(() -> store.find(transfer.id())
                        .map(TransferStore.Stored::transfer)
                        .orElse(transfer));
    }

    /** An answer of accounts-service that says the request itself cannot succeed. */
    private static boolean refused(ClientException e) {
        return e instanceof ClientStatusException s
                && s.status() >= 400
                && s.status() < 500
                && s.status() != 408
                && s.status() != 429;
    }

    /** Why accounts-service counts as unavailable, in words for the client; the log has the rest. */
    private static String unavailable(ClientException e) {
        String why;
        if (e instanceof ClientRejectedException r) {
            why = switch (r.reason()) {
                case CIRCUIT_OPEN -> "its circuit breaker is open";
                case BULKHEAD_FULL -> "too many calls to it are in flight";
                case RATE_LIMITED -> "calls to it are over their rate limit";
                case RETRY_BUDGET -> "it keeps failing and the retry budget is spent";
                case DEADLINE -> "the request's deadline passed";
            };
        } else if (e instanceof ClientTimeoutException) {
            why = "it did not answer in time";
        } else if (e instanceof ClientConnectException) {
            why = "it cannot be reached";
        } else if (e instanceof ClientStatusException s) {
            why = "it answered " + s.status();
        } else {
            why = "its answer could not be read";
        }
        log.info("accounts-service is unavailable: {}", e.getMessage());
        return "accounts-service is unavailable (" + why + ")";
    }

    private static String reason(ClientException e) {
        if (e instanceof ClientProblemException p && p.problem().detail() != null) {
            return p.problem().detail();
        }
        return e.getMessage();
    }

    private static @Nullable String problemType(ClientException e) {
        return e instanceof ClientProblemException p && !p.problem().type().equals("about:blank")
                ? p.problem().type()
                : null;
    }
}
