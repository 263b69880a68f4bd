package dev.chassis.examples.transfers;

import dev.chassis.core.client.ClientProblemException;

/**
 * accounts-service refused a movement for want of money: its problem
 * {@code https://problems.simplebank.example/insufficient-funds}, thrown by the client in place of
 * the general {@link ClientProblemException} (mapped in {@link TransfersModule}).
 */
final class InsufficientFunds extends ClientProblemException {
    static final String TYPE = TransferSaga.PROBLEMS + "insufficient-funds";
    private static final long serialVersionUID = 1L;

    InsufficientFunds(ClientProblemException e) {
        super(e);
    }

    /** What the account holds, as accounts-service said; -1 when it did not say. */
    long balanceCents() {
        return problem().member("balanceCents", Long.class).orElse(-1L);
    }

    /** What the movement needed; -1 when accounts-service did not say. */
    long neededCents() {
        return problem().member("neededCents", Long.class).orElse(-1L);
    }
}
