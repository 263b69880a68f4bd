package dev.chassis.data;

import org.junit.jupiter.api.BeforeAll;

/** {@link PoolContract} on H2 in memory. */
class PoolH2IT extends PoolContract {
    @BeforeAll
    static void start() {
        start(TestDatabase.h2("pool_it"));
    }
}
