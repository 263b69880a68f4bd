package dev.chassis.examples.transfers;

import dev.chassis.examples.transfers.Transfer.State;
import dev.chassis.messaging.event.Outbox;
import java.sql.Connection;
import org.jspecify.annotations.Nullable;

/**
 * The events transfers-service publishes on topic {@value #TOPIC}, keyed by transfer ID: one when
 * a transfer settles as completed, failed or reversed, written to the outbox in the transaction
 * that records the state, so that an event exists exactly when the state does.
 */
final class TransferEvents {
    static final String TOPIC = "transfers";

    private TransferEvents() {}

    /** The money moved. */
    record TransferCompleted(String transferId, String fromAccount, String toAccount, long amountCents) {}

    /** The debit was refused: no money moved. */
    record TransferFailed(String transferId, String fromAccount, String toAccount, long amountCents, String reason) {}

    /** The credit was refused and the debit given back: no money moved. */
    record TransferReversed(String transferId, String fromAccount, String toAccount, long amountCents, String reason) {}

    static void publish(Outbox outbox, Connection c, Transfer t, State to, @Nullable String detail) {
        String reason = detail == null ? "" : detail;
        Object event = switch (to) {
            case COMPLETED -> new TransferCompleted(t.id(), t.fromAccount(), t.toAccount(), t.amountCents());
            case FAILED -> new TransferFailed(t.id(), t.fromAccount(), t.toAccount(), t.amountCents(), reason);
            case REVERSED -> new TransferReversed(t.id(), t.fromAccount(), t.toAccount(), t.amountCents(), reason);
            default -> null;
        };
        if (event != null) {
            outbox.publish(c, TOPIC, t.id(), event);
        }
    }
}
