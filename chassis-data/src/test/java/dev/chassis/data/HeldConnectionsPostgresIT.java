package dev.chassis.data;

import org.junit.jupiter.api.BeforeAll;

/** {@link HeldConnectionsContract} on PostgreSQL. */
class HeldConnectionsPostgresIT extends HeldConnectionsContract {
    @BeforeAll
    static void start() {
        start(TestDatabase.postgres("held_connections_it"));
    }
}
