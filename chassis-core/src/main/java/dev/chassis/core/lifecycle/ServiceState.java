package dev.chassis.core.lifecycle;

/** Where a service is in its life, as {@code Service.state()} tells it. */
public enum ServiceState {
    /** Built, not started. */
    NEW,
    /** Starting participants and binding. */
    STARTING,
    /** Serving and ready for traffic. */
    READY,
    /** Not ready; draining. */
    STOPPING,
    /** Stopped. */
    STOPPED,
    /** Start-up failed; what had started was stopped. */
    FAILED
}
