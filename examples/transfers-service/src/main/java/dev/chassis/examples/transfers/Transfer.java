package dev.chassis.examples.transfers;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A transfer and where its saga stands.
 *
 * @param id the transfer's ID, which names its entries in accounts-service
 * @param fromAccount the account debited
 * @param toAccount the account credited
 * @param amountCents the amount
 * @param state where it stands
 * @param detail why it failed or was reversed; null while it goes well
 * @param createdAt when it was asked for
 * @param updatedAt its last step
 */
public record Transfer(
        String id,
        String fromAccount,
        String toAccount,
        long amountCents,
        State state,
        @Nullable String detail,
        Instant createdAt,
        Instant updatedAt) {

    /** The steps of the saga. */
    public enum State {
        /** Asked for; the debit is on its way. */
        PENDING(false),
        /** The debit is made; the credit is on its way. */
        DEBITED(false),
        /** The credit is made: the money moved. */
        COMPLETED(true),
        /** The debit was refused (no such account, insufficient funds): no money moved. */
        FAILED(true),
        /** The credit was refused after the debit; the debit is being given back. */
        REVERSING(false),
        /** The credit was refused after the debit, and the debit was given back. */
        REVERSED(true),
        /**
         * accounts-service could not be reached in time, or the saga was interrupted; whatever the
         * transfer did is being undone, and the recovery pass keeps trying until it is.
         */
        COMPENSATING(false),
        /**
         * accounts-service could not be reached, and whatever the transfer did was undone: no money
         * moved. The same {@code Idempotency-Key} may start the transfer again.
         */
        ABANDONED(true);

        private final boolean settled;

        State(boolean settled) {
            this.settled = settled;
        }

        /** Whether the saga is over. */
        public boolean settled() {
            return settled;
        }
    }

    /** Whether it asks for the same transfer as this request. */
    boolean sameAs(NewTransfer request) {
        return fromAccount.equals(request.fromAccount())
                && toAccount.equals(request.toAccount())
                && amountCents == request.amountCents();
    }
}
