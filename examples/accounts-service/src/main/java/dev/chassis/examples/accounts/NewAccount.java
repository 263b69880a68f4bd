package dev.chassis.examples.accounts;

import dev.chassis.core.http.Validatable;
import dev.chassis.core.http.Validator;

/**
 * What {@code POST /accounts} takes.
 *
 * @param owner 1 to 100 characters
 * @param openingBalanceCents 0 to {@link Movement#MAX_CENTS}
 */
public record NewAccount(String owner, long openingBalanceCents) implements Validatable {
    @Override
    public void validate(Validator v) {
        v.notBlank("owner", owner)
                .length("owner", owner, 1, 100)
                .range("openingBalanceCents", openingBalanceCents, 0, Movement.MAX_CENTS);
    }
}
