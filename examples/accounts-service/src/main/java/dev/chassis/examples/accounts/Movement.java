package dev.chassis.examples.accounts;

import dev.chassis.core.http.Validatable;
import dev.chassis.core.http.Validator;

/**
 * What a debit or a credit takes: {@code PUT /accounts/{id}/debits/{transferId}}.
 *
 * @param amountCents 1 to {@link #MAX_CENTS}
 */
public record Movement(long amountCents) implements Validatable {
    /** The largest amount of one movement or opening balance: one billion. */
    public static final long MAX_CENTS = 100_000_000_000L;

    @Override
    public void validate(Validator v) {
        v.range("amountCents", amountCents, 1, MAX_CENTS);
    }
}
