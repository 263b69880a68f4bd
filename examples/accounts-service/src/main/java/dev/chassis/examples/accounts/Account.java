package dev.chassis.examples.accounts;

import java.time.Instant;

/**
 * An account and its balance.
 *
 * @param id the account's ID
 * @param owner who holds it
 * @param balanceCents the balance, in cents; never negative
 * @param openedAt when it was opened
 */
public record Account(String id, String owner, long balanceCents, Instant openedAt) {}
