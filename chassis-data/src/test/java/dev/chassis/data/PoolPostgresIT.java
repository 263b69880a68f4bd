package dev.chassis.data;

import org.junit.jupiter.api.BeforeAll;

/** {@link PoolContract} on PostgreSQL. */
class PoolPostgresIT extends PoolContract {
    @BeforeAll
    static void start() {
        start(TestDatabase.postgres("pool_it"));
    }
}
