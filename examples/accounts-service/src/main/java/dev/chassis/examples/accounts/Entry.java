package dev.chassis.examples.accounts;

import java.time.Instant;

/**
 * One line of an account's ledger. Each transfer has at most one entry of each kind on an account,
 * which is what makes debits, credits and their reversals idempotent.
 *
 * @param accountId the account
 * @param transferId the transfer that made it
 * @param kind what it did
 * @param amountCents the amount it moved (0 for a reversal that found nothing to reverse)
 * @param balanceCents the account's balance right after it
 * @param at when it was made
 */
public record Entry(String accountId, String transferId, Kind kind, long amountCents, long balanceCents, Instant at) {
    /** What an entry did to the balance. */
    public enum Kind {
        /** Took money out. */
        DEBIT,
        /** Put money in. */
        CREDIT,
        /** Gave a debit back. */
        DEBIT_REVERSAL,
        /** Took a credit back. */
        CREDIT_REVERSAL;

        /** The reversal of this kind. */
        Kind reversal() {
            return switch (this) {
                case DEBIT -> DEBIT_REVERSAL;
                case CREDIT -> CREDIT_REVERSAL;
                default -> throw new IllegalStateException(this + " has no reversal");
            };
        }
    }
}
