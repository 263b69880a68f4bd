package dev.chassis.data;

/** {@link ShutdownContract} on H2 in memory. */
class ShutdownH2IT extends ShutdownContract {
    @Override
    TestDatabase database() {
        return TestDatabase.h2("shutdown_it");
    }
}
