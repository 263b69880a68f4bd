package dev.chassis.data;

import org.junit.jupiter.api.BeforeAll;

/** {@link HeldConnectionsContract} on H2 in memory. */
class HeldConnectionsH2IT extends HeldConnectionsContract {
    @BeforeAll
    static void start() {
        start(TestDatabase.h2("held_connections_it"));
    }
}
