package dev.chassis.examples.transfers;

/**
 * The body of a debit or credit sent to accounts-service.
 *
 * @param amountCents the amount
 */
record Movement(long amountCents) {}
