package dev.chassis.data;

/** Java functions that H2 databases in the tests get as SQL aliases, so tests use one SQL for both. */
public final class H2Functions {
    private H2Functions() {}

    /** PostgreSQL's {@code pg_sleep(seconds)}; an interrupt ends it, as a cancel ends PostgreSQL's. */
    public static void pgSleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
