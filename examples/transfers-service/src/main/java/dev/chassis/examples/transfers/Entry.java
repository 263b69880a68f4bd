package dev.chassis.examples.transfers;

/**
 * What accounts-service answers to a debit, a credit or a reversal: the ledger entry it made (or
 * had made, for a repeat). Fields the saga does not read are ignored.
 *
 * @param transferId the transfer
 * @param kind {@code DEBIT}, {@code CREDIT}, {@code DEBIT_REVERSAL} or {@code CREDIT_REVERSAL}
 * @param amountCents the amount moved
 * @param balanceCents the account's balance right after
 */
record Entry(String transferId, String kind, long amountCents, long balanceCents) {}
