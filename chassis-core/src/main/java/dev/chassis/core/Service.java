package dev.chassis.core;

import dev.chassis.core.common.ChassisException;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.conformance.ConformanceReport;
import dev.chassis.core.conformance.StandardFeatures;
import dev.chassis.core.http.InMemoryClient;
import dev.chassis.core.internal.lifecycle.ServiceRuntime;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.core.lifecycle.ServiceState;
import java.util.Optional;
import java.util.Set;
import javax.inject.Provider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running service: what a service's Dagger component hands to {@code main}.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Config config = Config.load(args);
 *     Service service = DaggerHelloComponent.factory().create(config).service();
 *     service.run();
 * }
 * }</pre>
 *
 * <p>The service's parts are built on the first {@link #start()}, so a bad configuration is
 * reported there with every bad key listed. Start-up runs {@link LifecycleParticipant}s and binds
 * the server; stop (or SIGTERM under {@link #run()}) turns readiness down, runs stop hooks, waits
 * the propagation delay, closes the listener, drains in-flight requests within the grace period,
 * then closes resources. Thread-safe.
 */
public final class Service {
    private static final Logger log = LoggerFactory.getLogger(Service.class);

    private final Provider<ServiceRuntime> parts;
    private final Config.Action action;
    private final Provider<BoundConfig> bound;
    private final Provider<Set<StandardFeatures>> features;
    private volatile @Nullable ServiceRuntime runtime;

    Service(
            Provider<ServiceRuntime> parts,
            Config.Action action,
            Provider<BoundConfig> bound,
            Provider<Set<StandardFeatures>> features) {
        this.parts = parts;
        this.action = action;
        this.bound = bound;
        this.features = features;
    }

    /**
     * Builds the service's parts, starts them and binds the server; returns once ready.
     *
     * @throws ConfigException if the configuration is invalid, listing every bad key
     * @throws ChassisException if a part fails to start
     * @throws IllegalStateException if called twice
     */
    public void start() {
        ServiceRuntime r;
        synchronized (this) {
            if (runtime != null) {
                throw new IllegalStateException(
                        "state: " + runtime.state() + " (expected: NEW; a service starts once)");
            }
            r = parts.get();
            runtime = r;
        }
        try {
            r.start();
        } catch (ChassisException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChassisException("interrupted while starting", e);
        } catch (Exception e) {
            throw new ChassisException(String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * Starts as {@link #start()} does, but serves on an in-memory address instead of the
     * configured ports: the same codec, limits, filters and handlers, without a socket. For tests.
     *
     * @return a client that sends requests to it
     * @throws ConfigException if the configuration is invalid
     * @throws IllegalStateException if called twice
     */
    public InMemoryClient startInMemory() {
        ServiceRuntime r;
        synchronized (this) {
            if (runtime != null) {
                throw new IllegalStateException(
                        "state: " + runtime.state() + " (expected: NEW; a service starts once)");
            }
            r = parts.get();
            runtime = r;
        }
        try {
            return r.startInMemory();
        } catch (ChassisException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChassisException("interrupted while starting", e);
        } catch (Exception e) {
            throw new ChassisException(String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * A part that a module exposes to tools and tests, by type: the {@code MeterRegistry} when
     * observability is in, {@link dev.chassis.core.http.ServerStats}, the
     * {@link dev.chassis.core.config.BoundConfig}.
     *
     * @throws IllegalStateException before start
     */
    public <T> Optional<T> lookup(Class<T> type) {
        return runtime().lookup(type);
    }

    /**
     * Starts, stops on SIGTERM or Ctrl-C, and returns once stopped. Asked for {@code --help},
     * {@code --print-config} or {@code --conformance} on the command line, prints the usage, the
     * effective configuration or the conformance report and exits with status 0 instead (1 when the configuration is invalid). After a stop on a signal the
     * JVM exits with status 0 (the JVM's own answer to SIGTERM is 143, which process supervisors
     * count as a failure). When start-up fails, logs why (a configuration problem without a stack
     * trace) and exits the JVM with status 1.
     */
    public void run() {
        if (action != Config.Action.RUN) {
            System.exit(answer(action, System.out, System.err));
            return;
        }
        // Registered first: a SIGTERM that arrives while starting (the port may already be bound)
        // still gets a graceful stop, which waits for the start to finish.
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "chassis-shutdown"));
        StopSignals.install(() -> {
            stop();
            System.exit(state() == ServiceState.FAILED ? 1 : 0);
        });
        try {
            start();
        } catch (ConfigException e) {
            log.error("{}", e.getMessage());
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException | Error e) {
            // The cause in the message, where a reader of the log looks first; the stack below it.
            log.error("start-up failed: {}", e.getMessage(), e);
            System.err.println("start-up failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        runtime().awaitStopped();
    }

    /**
     * Answers {@code --help}, {@code --print-config} or {@code --conformance} without starting
     * anything; the exit status.
     */
    int answer(Config.Action asked, java.io.PrintStream out, java.io.PrintStream err) {
        if (asked == Config.Action.HELP) {
            out.print(Config.USAGE);
            return 0;
        }
        try {
            out.print(
                    asked == Config.Action.CONFORMANCE
                            ? ConformanceReport.of(bound.get(), features.get())
                            : bound.get().listing());
            return 0;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /** Stops as described above; returns once stopped. Safe to call more than once. */
    public void stop() {
        ServiceRuntime r = runtime;
        if (r != null) {
            r.stop();
        }
    }

    /** Blocks until the service has stopped. */
    public void awaitStopped() {
        runtime().awaitStopped();
    }

    /** Where the service is in its life. */
    public ServiceState state() {
        ServiceRuntime r = runtime;
        return r == null ? ServiceState.NEW : r.state();
    }

    /** Whether it is started and not stopping. */
    public boolean isReady() {
        return state() == ServiceState.READY;
    }

    /**
     * The bound main port.
     *
     * @throws IllegalStateException before start
     */
    public int port() {
        return runtime().port();
    }

    /**
     * The bound admin port; the main port when admin routes share it.
     *
     * @throws IllegalStateException before start
     */
    public int adminPort() {
        return runtime().adminPort();
    }

    /**
     * The bound configuration.
     *
     * @throws IllegalStateException before start
     */
    public BoundConfig config() {
        return runtime().config();
    }

    private ServiceRuntime runtime() {
        ServiceRuntime r = runtime;
        if (r == null) {
            throw new IllegalStateException("state: NEW (expected: started)");
        }
        return r;
    }
}
