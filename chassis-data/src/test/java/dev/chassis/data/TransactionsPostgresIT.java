package dev.chassis.data;

import org.junit.jupiter.api.BeforeAll;

/** {@link TransactionsContract} on PostgreSQL. */
class TransactionsPostgresIT extends TransactionsContract {
    @BeforeAll
    static void start() {
        start(TestDatabase.postgres("transactions_it"));
    }
}
