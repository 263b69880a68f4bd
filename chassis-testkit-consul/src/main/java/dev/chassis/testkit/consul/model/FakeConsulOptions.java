package dev.chassis.testkit.consul.model;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.common.Checks;
import dev.chassis.testkit.consul.FakeConsul;
import java.time.Duration;

/**
 * How a {@link FakeConsul} listens and how close to Consul's own timings it runs.
 *
 * <table>
 * <caption>Options and defaults</caption>
 * <tr><th>option</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code host}</td><td>{@code 127.0.0.1}</td><td>address to bind</td></tr>
 * <tr><td>{@code port}</td><td>0</td><td>0 binds an ephemeral port; {@link FakeConsul#port()} reads it</td></tr>
 * <tr><td>{@code datacenter}</td><td>{@code dc1}</td><td>the agent's datacenter; a query for another answers 500 as Consul does</td></tr>
 * <tr><td>{@code node-name}</td><td>{@code fake-consul}</td><td>the agent's node name</td></tr>
 * <tr><td>{@code reap-interval}</td><td>30s</td><td>how often services whose check stayed critical past {@code DeregisterCriticalServiceAfter} are removed (Consul: {@code check_reap_interval}, 30s)</td></tr>
 * <tr><td>{@code min-check-interval}</td><td>1s</td><td>shorter check intervals are raised to this, as Consul raises them to 1s</td></tr>
 * <tr><td>{@code min-deregister-critical-service-after}</td><td>1m</td><td>shorter {@code DeregisterCriticalServiceAfter} values are raised to this, as Consul raises them to 1m</td></tr>
 * <tr><td>{@code legacy-check-errors}</td><td>false</td><td>answer an update of an unknown check as older agents did, 500 {@code CheckID "x" does not have associated TTL}, instead of today's 404 {@code Unknown check ID "x". ...}</td></tr>
 * </table>
 *
 * <p>Tests usually shorten the last three timings:
 *
 * <pre>{@code
 * FakeConsul consul = FakeConsul.start(FakeConsul.options()
 *         .reapInterval(Duration.ofMillis(100))
 *         .minCheckInterval(Duration.ofMillis(50))
 *         .minDeregisterCriticalServiceAfter(Duration.ZERO));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param host address to bind
 * @param port port to bind, 0 for an ephemeral one
 * @param datacenter the agent's datacenter
 * @param nodeName the agent's node name
 * @param reapInterval period of the reaper of critical services
 * @param minCheckInterval lower bound of check intervals
 * @param minDeregisterCriticalServiceAfter lower bound of {@code DeregisterCriticalServiceAfter}
 * @param legacyCheckErrors whether updates of unknown checks get the older 500 answer
 */
public record FakeConsulOptions(
        String host,
        int port,
        String datacenter,
        String nodeName,
        Duration reapInterval,
        Duration minCheckInterval,
        Duration minDeregisterCriticalServiceAfter,
        boolean legacyCheckErrors) {

    /** Default {@code host}. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default {@code datacenter}. */
    public static final String DEFAULT_DATACENTER = "dc1";
    /** Default {@code node-name}. */
    public static final String DEFAULT_NODE_NAME = "fake-consul";
    /** Default {@code reap-interval}, Consul's {@code check_reap_interval}. */
    public static final Duration DEFAULT_REAP_INTERVAL = Duration.ofSeconds(30);
    /** Default {@code min-check-interval}, Consul's minimum. */
    public static final Duration DEFAULT_MIN_CHECK_INTERVAL = Duration.ofSeconds(1);
    /** Default {@code min-deregister-critical-service-after}, Consul's minimum. */
    public static final Duration DEFAULT_MIN_DEREGISTER_CRITICAL_SERVICE_AFTER = Duration.ofMinutes(1);

    /**
     * Validates the values.
     *
     * @throws NullPointerException if a value is null
     * @throws IllegalArgumentException naming the first value out of range
     */
    public FakeConsulOptions {
        requireNonNull(host, "host");
        requireNonNull(datacenter, "datacenter");
        requireNonNull(nodeName, "nodeName");
        requireNonNull(reapInterval, "reapInterval");
        requireNonNull(minCheckInterval, "minCheckInterval");
        requireNonNull(minDeregisterCriticalServiceAfter, "minDeregisterCriticalServiceAfter");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host: '' (expected: an address)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if (datacenter.isBlank()) {
            throw new IllegalArgumentException("datacenter: '' (expected: a name)");
        }
        if (nodeName.isBlank()) {
            throw new IllegalArgumentException("nodeName: '' (expected: a name)");
        }
        Checks.positive("reapInterval", reapInterval);
        Checks.positive("minCheckInterval", minCheckInterval);
        Checks.notNegative("minDeregisterCriticalServiceAfter", minDeregisterCriticalServiceAfter);
    }

    /** The defaults listed above. */
    public static FakeConsulOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder()
                .host(host)
                .port(port)
                .datacenter(datacenter)
                .nodeName(nodeName)
                .reapInterval(reapInterval)
                .minCheckInterval(minCheckInterval)
                .minDeregisterCriticalServiceAfter(minDeregisterCriticalServiceAfter)
                .legacyCheckErrors(legacyCheckErrors);
    }

    /** Builds {@link FakeConsulOptions}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port;
        private String datacenter = DEFAULT_DATACENTER;
        private String nodeName = DEFAULT_NODE_NAME;
        private Duration reapInterval = DEFAULT_REAP_INTERVAL;
        private Duration minCheckInterval = DEFAULT_MIN_CHECK_INTERVAL;
        private Duration minDeregisterCriticalServiceAfter = DEFAULT_MIN_DEREGISTER_CRITICAL_SERVICE_AFTER;
        private boolean legacyCheckErrors;

        private Builder() {}

        /** Sets {@code host}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Sets {@code port}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Sets {@code datacenter}. */
        public Builder datacenter(String datacenter) {
            this.datacenter = datacenter;
            return this;
        }

        /** Sets {@code node-name}. */
        public Builder nodeName(String nodeName) {
            this.nodeName = nodeName;
            return this;
        }

        /** Sets {@code reap-interval}. */
        public Builder reapInterval(Duration reapInterval) {
            this.reapInterval = reapInterval;
            return this;
        }

        /** Sets {@code min-check-interval}. */
        public Builder minCheckInterval(Duration minCheckInterval) {
            this.minCheckInterval = minCheckInterval;
            return this;
        }

        /** Sets {@code min-deregister-critical-service-after}. */
        public Builder minDeregisterCriticalServiceAfter(Duration minDeregisterCriticalServiceAfter) {
            this.minDeregisterCriticalServiceAfter = minDeregisterCriticalServiceAfter;
            return this;
        }

        /** Sets {@code legacy-check-errors}. */
        public Builder legacyCheckErrors(boolean legacyCheckErrors) {
            this.legacyCheckErrors = legacyCheckErrors;
            return this;
        }

        /**
         * Builds the options.
         *
         * @throws NullPointerException if a value is null
         * @throws IllegalArgumentException if a value is out of range
         */
        public FakeConsulOptions build() {
            return new FakeConsulOptions(
                    host,
                    port,
                    datacenter,
                    nodeName,
                    reapInterval,
                    minCheckInterval,
                    minDeregisterCriticalServiceAfter,
                    legacyCheckErrors);
        }
    }
}
