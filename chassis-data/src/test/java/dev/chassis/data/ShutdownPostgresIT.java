package dev.chassis.data;

/** {@link ShutdownContract} on PostgreSQL. */
class ShutdownPostgresIT extends ShutdownContract {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres("shutdown_it");
    }
}
