package dev.chassis.data;

import org.junit.jupiter.api.BeforeAll;

/** {@link TransactionsContract} on H2 in memory. */
class TransactionsH2IT extends TransactionsContract {
    @BeforeAll
    static void start() {
        start(TestDatabase.h2("transactions_it"));
    }
}
