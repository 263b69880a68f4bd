package dev.chassis.core.lifecycle;

/**
 * Something with a life as long as the service's, contributed with
 * {@code @Provides @IntoSet LifecycleParticipant}: connection pools, watchers, registrations.
 *
 * <p>The service ({@code Service}) starts participants in ascending {@link #phase()} (the HTTP server binds at
 * {@link #PHASE_SERVER}), turns ready, then calls {@link #onReady()} on each. On stop it turns not
 * ready, calls {@link #beforeStop()} on each in descending phase (the stop hooks: deregister from
 * discovery here, while the listener still answers), waits the propagation delay, drains the HTTP
 * server, then calls {@link #stop()} in descending phase. A participant whose {@code start} fails
 * stops the start-up: those already started are stopped in reverse.
 *
 * <p>Implementations must be thread-safe: stop may come from a signal-handling thread.
 */
public interface LifecycleParticipant {
    /** Phase for resources handlers need: pools, caches, clients. They stop after the drain. */
    int PHASE_RESOURCES = 100;
    /** Phase at which the HTTP server binds; not used by participants themselves. */
    int PHASE_SERVER = 1000;
    /** Phase for what announces the service to others once it can serve. */
    int PHASE_ANNOUNCE = 2000;

    /** A name for logs. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The phase: lower starts earlier and stops later. */
    default int phase() {
        return PHASE_RESOURCES;
    }

    /**
     * Starts. Called once.
     *
     * @throws Exception to fail the start-up
     */
    default void start() throws Exception {}

    /** Called once the service is ready to take traffic. */
    default void onReady() {}

    /**
     * Called first when the service stops, while it still serves: the stop hook. Bounded by
     * {@code lifecycle.stop-hook-timeout}; a hook that overruns is abandoned and logged.
     *
     * @throws Exception logged; the stop continues
     */
    default void beforeStop() throws Exception {}

    /**
     * Stops, after in-flight requests have drained. Called once, if {@link #start()} succeeded.
     *
     * @throws Exception logged; the stop continues
     */
    default void stop() throws Exception {}
}
