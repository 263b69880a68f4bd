package dev.chassis.examples.transfers;

import dev.chassis.core.http.Validatable;
import dev.chassis.core.http.Validator;
import java.util.Objects;

/**
 * What {@code POST /transfers} takes.
 *
 * @param fromAccount the account debited
 * @param toAccount the account credited; not the same
 * @param amountCents 1 to {@link #MAX_CENTS}
 */
public record NewTransfer(String fromAccount, String toAccount, long amountCents) implements Validatable {
    /** The largest amount of one transfer: one billion. */
    public static final long MAX_CENTS = 100_000_000_000L;

    @Override
    public void validate(Validator v) {
        v.notBlank("fromAccount", fromAccount)
                .length("fromAccount", fromAccount, 1, 64)
                .notBlank("toAccount", toAccount)
                .length("toAccount", toAccount, 1, 64)
                .check(
                        fromAccount == null || !Objects.equals(fromAccount, toAccount),
                        "toAccount",
                        "must differ from fromAccount")
                .range("amountCents", amountCents, 1, MAX_CENTS);
    }
}
