package dev.chassis.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT handled by the service rather than by the JVM's default, which runs the
 * shutdown hooks and then exits with 128 + the signal's number. Where the JVM does not offer
 * signal handlers (a runtime without the {@code jdk.unsupported} module), the shutdown hook still
 * stops the service, with the JVM's exit status. {@code sun.misc.Signal} is the JDK's supported
 * way to do this (module {@code jdk.unsupported}); javac's warning about it cannot be suppressed
 * and is left on purpose.
 */
final class StopSignals {
    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {}

    /** Runs {@code onStop} on its own thread when SIGTERM or SIGINT arrives. */
    static void install(Runnable onStop) {
        try {
            sun.misc.SignalHandler handler = signal -> {
                log.info("SIG{} received: stopping", signal.getName());
                new Thread(onStop, "chassis-stop-on-signal").start();
            };
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
        } catch (LinkageError | IllegalArgumentException e) {
            log.debug("signal handlers not available; the shutdown hook stops the service", e);
        }
    }
}
