package dev.chassis.data;

/** {@link StartModesContract} on H2 served over TCP. */
class StartModesH2IT extends StartModesContract {
    @Override
    TestDatabase database(String name) {
        return TestDatabase.h2Server(name);
    }
}
