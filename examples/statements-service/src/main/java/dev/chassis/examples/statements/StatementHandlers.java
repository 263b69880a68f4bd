package dev.chassis.examples.statements;

import dev.chassis.examples.statements.TransferEvents.TransferCompleted;
import dev.chassis.examples.statements.TransferEvents.TransferFailed;
import dev.chassis.examples.statements.TransferEvents.TransferReversed;
import dev.chassis.messaging.event.EventHandlers;
import dev.chassis.messaging.event.Subscriptions;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer group {@code statements}: every transfer event becomes statement lines, exactly once in
 * effect (the inbox records the event in the same transaction as the lines). A completed transfer
 * is a debit line on one account and a credit line on the other; a failed or reversed one is a
 * line of 0 on the account it would have debited, with the reason.
 */
final class StatementHandlers implements EventHandlers {
    private static final Logger log = LoggerFactory.getLogger(StatementHandlers.class);

    private final StatementStore store;

    @Inject
    StatementHandlers(StatementStore store) {
        this.store = store;
    }

    @Override
    public void register(Subscriptions subscriptions) {
        subscriptions
                .group("statements")
                .handleOnce(TransferEvents.TOPIC, TransferCompleted.class, (c, event) -> {
                    TransferCompleted t = event.payload();
                    store.add(c, t.fromAccount(), t.transferId(), "DEBIT", t.toAccount(), -t.amountCents(), null);
                    store.add(c, t.toAccount(), t.transferId(), "CREDIT", t.fromAccount(), t.amountCents(), null);
                    log.info(
                            "statements: transfer {} of {} cents from {} to {} recorded",
                            t.transferId(),
                            t.amountCents(),
                            t.fromAccount(),
                            t.toAccount());
                })
                .handleOnce(TransferEvents.TOPIC, TransferFailed.class, (c, event) -> {
                    TransferFailed t = event.payload();
                    store.add(c, t.fromAccount(), t.transferId(), "FAILED", t.toAccount(), 0, t.reason());
                    log.info("statements: failed transfer {} recorded", t.transferId());
                })
                .handleOnce(TransferEvents.TOPIC, TransferReversed.class, (c, event) -> {
                    TransferReversed t = event.payload();
                    store.add(c, t.fromAccount(), t.transferId(), "REVERSED", t.toAccount(), 0, t.reason());
                    log.info("statements: reversed transfer {} recorded", t.transferId());
                });
    }
}
