package dev.chassis.data;

/** {@link StartModesContract} on PostgreSQL. */
class StartModesPostgresIT extends StartModesContract {
    @Override
    TestDatabase database(String name) {
        return TestDatabase.postgres(name);
    }
}
