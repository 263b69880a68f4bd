package dev.chassis.examples.statements;

/**
 * transfers-service's events as this service reads them: its own classes, bound from the JSON
 * by name, as a consumer that shares no code with the producer does.
 */
final class TransferEvents {
    static final String TOPIC = "transfers";

    private TransferEvents() {}

    record TransferCompleted(String transferId, String fromAccount, String toAccount, long amountCents) {}

    record TransferFailed(String transferId, String fromAccount, String toAccount, long amountCents, String reason) {}

    record TransferReversed(String transferId, String fromAccount, String toAccount, long amountCents, String reason) {}
}
