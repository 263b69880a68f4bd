package dev.chassis.resilience.internal;

import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientRejectedException;
import dev.chassis.core.client.ClientTimeoutException;

/** How a call ended, as the {@code outcome} tag of {@code resilience.calls}. */
enum Outcome {
    SUCCESS("success"),
    FAILURE("failure"),
    TIMEOUT("timeout"),
    REJECTED_CIRCUIT_OPEN("rejected_circuit_open"),
    REJECTED_BULKHEAD("rejected_bulkhead"),
    REJECTED_RATE_LIMIT("rejected_rate_limit"),
    REJECTED_BUDGET("rejected_budget"),
    REJECTED_DEADLINE("rejected_deadline"),
    FALLBACK("fallback");

    final String tag;

    Outcome(String tag) {
        this.tag = tag;
    }

    static Outcome of(ClientException failure) {
        if (failure instanceof ClientTimeoutException) {
            return TIMEOUT;
        }
        if (failure instanceof ClientRejectedException rejected) {
            return switch (rejected.reason()) {
                case CIRCUIT_OPEN -> REJECTED_CIRCUIT_OPEN;
                case BULKHEAD_FULL -> REJECTED_BULKHEAD;
                case RATE_LIMITED -> REJECTED_RATE_LIMIT;
                case RETRY_BUDGET -> REJECTED_BUDGET;
                case DEADLINE -> REJECTED_DEADLINE;
            };
        }
        return FAILURE;
    }
}
