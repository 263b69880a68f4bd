package dev.chassis.discovery.config;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.common.Checks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the service registers itself with the local Consul agent, under
 * {@code discovery.consul.registration}.
 *
 * <p>Registration happens once the service is ready, through the agent API, with a check and
 * {@code DeregisterCriticalServiceAfter}, so an instance that dies without deregistering is
 * removed by Consul. While the agent cannot be reached the service runs unregistered and keeps
 * trying with backoff (or fails to start, with {@code fail-start-on-error}). The service registers
 * again on its own when the agent loses it: when a TTL update is answered "unknown check", and
 * when the reconciliation every {@code reconcile-interval} does not find it in
 * {@code /v1/agent/services}. It deregisters first thing when it stops, while it still serves.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code enabled}</td><td>true</td><td>register this service (when {@code discovery.consul.enabled})</td></tr>
 * <tr><td>{@code service-id}</td><td>empty</td><td>the service ID; empty is {@code <service.name>-<address>-<port>}, stable across restarts</td></tr>
 * <tr><td>{@code advertise-address}</td><td>empty</td><td>the address others call; empty is {@code server.host} unless that is a wildcard, else the first non-loopback address of the host</td></tr>
 * <tr><td>{@code advertise-port}</td><td>0</td><td>the port others call; 0 is the bound port</td></tr>
 * <tr><td>{@code tags}</td><td>[]</td><td>service tags</td></tr>
 * <tr><td>{@code meta}</td><td>{}</td><td>service meta, added to {@code version} (from {@code service.version}) and {@code zone} (from {@code discovery.consul.zone})</td></tr>
 * <tr><td>{@code check.type}</td><td>{@code http}</td><td>{@code http}: the agent polls the readiness endpoint; {@code ttl}: the service reports its readiness to the agent</td></tr>
 * <tr><td>{@code check.url}</td><td>empty</td><td>what an HTTP check polls; empty is {@code http://<address>:<port><admin.ready-path>} (the admin port when there is one)</td></tr>
 * <tr><td>{@code check.interval}</td><td>10s</td><td>how often an HTTP check runs</td></tr>
 * <tr><td>{@code check.timeout}</td><td>5s</td><td>how long an HTTP check may take</td></tr>
 * <tr><td>{@code check.ttl}</td><td>15s</td><td>a TTL check turns critical without an update for this long; the service updates it every third of it</td></tr>
 * <tr><td>{@code check.deregister-critical-after}</td><td>3m</td><td>Consul removes the instance once its check has been critical this long; at least 1m, Consul's own minimum</td></tr>
 * <tr><td>{@code retry.initial-backoff}</td><td>1s</td><td>first wait after a failed attempt to register</td></tr>
 * <tr><td>{@code retry.max-backoff}</td><td>30s</td><td>longest wait between attempts</td></tr>
 * <tr><td>{@code fail-start-on-error}</td><td>false</td><td>fail start-up when the first registration fails, instead of running unregistered and retrying</td></tr>
 * <tr><td>{@code reconcile-interval}</td><td>30s</td><td>how often the registration is compared with the agent's services</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param enabled whether to register
 * @param serviceId the service ID, empty for the derived one
 * @param advertiseAddress the address to register, empty for the derived one
 * @param advertisePort the port to register, 0 for the bound one
 * @param tags service tags
 * @param meta service meta beyond {@code version} and {@code zone}
 * @param check the health check
 * @param retry backoff between failed attempts
 * @param failStartOnError whether a failed first registration fails start-up
 * @param reconcileInterval how often the agent's services are compared with the registration
 */
public record RegistrationConfig(
        boolean enabled,
        String serviceId,
        String advertiseAddress,
        int advertisePort,
        List<String> tags,
        Map<String, String> meta,
        Check check,
        ConsulConfig.Retry retry,
        boolean failStartOnError,
        Duration reconcileInterval) {

    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /** Default {@code reconcile-interval}. */
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(30);

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public RegistrationConfig {
        Checks.notNull("service-id", serviceId);
        if (serviceId.indexOf('/') >= 0 || !serviceId.strip().equals(serviceId)) {
            throw new IllegalArgumentException(
                    "service-id: '" + serviceId + "' (expected: no slash, no leading or trailing space)");
        }
        Checks.notNull("advertise-address", advertiseAddress);
        Checks.range("advertise-port", advertisePort, 0, 65_535);
        tags = List.copyOf(Checks.notNull("tags", tags));
        for (String tag : tags) {
            if (tag.isBlank()) {
                throw new IllegalArgumentException("tags: '" + tag + "' (expected: not blank)");
            }
        }
        meta = Map.copyOf(Checks.notNull("meta", meta));
        for (String key : meta.keySet()) {
            if (!META_KEY.matcher(key).matches() || key.startsWith("consul-")) {
                throw new IllegalArgumentException("meta: '" + key
                        + "' (expected: letters, digits, - and _, at most 128, not starting with consul-)");
            }
        }
        if (meta.size() > 60) {
            throw new IllegalArgumentException(
                    "meta: " + meta.size() + " entries (expected: at most 60; Consul allows 64 with version and zone)");
        }
        Checks.notNull("check", check);
        Checks.notNull("retry", retry);
        Checks.between("reconcile-interval", reconcileInterval, Duration.ofMillis(100), Duration.ofHours(1));
    }

    /** The defaults listed above. */
    public static RegistrationConfig defaults() {
        return new RegistrationConfig(
                true,
                "",
                "",
                0,
                List.of(),
                new LinkedHashMap<>(),
                Check.defaults(),
                ConsulConfig.Retry.defaults(),
                false,
                DEFAULT_RECONCILE_INTERVAL);
    }

    /** The kind of check registered with the service. */
    public enum CheckType {
        /** The agent polls the service's readiness endpoint. */
        HTTP,
        /** The service reports its readiness to the agent before the TTL runs out. */
        TTL;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The health check registered with the service.
     *
     * @param type HTTP or TTL
     * @param url what an HTTP check polls, empty for the readiness endpoint
     * @param interval how often an HTTP check runs
     * @param timeout how long an HTTP check may take
     * @param ttl how long a TTL check stays passing without an update
     * @param deregisterCriticalAfter how long the check may stay critical before Consul removes
     *     the instance
     */
    public record Check(
            CheckType type,
            String url,
            Duration interval,
            Duration timeout,
            Duration ttl,
            Duration deregisterCriticalAfter) {
        /** Default {@code interval}. */
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
        /** Default {@code timeout}. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
        /** Default {@code ttl}. */
        public static final Duration DEFAULT_TTL = Duration.ofSeconds(15);
        /** Default {@code deregister-critical-after}. */
        public static final Duration DEFAULT_DEREGISTER_CRITICAL_AFTER = Duration.ofMinutes(3);
        /** The shortest {@code deregister-critical-after}: Consul's reaper ignores shorter ones. */
        public static final Duration MIN_DEREGISTER_CRITICAL_AFTER = Duration.ofMinutes(1);

        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException naming the first invalid key
         */
        public Check {
            Checks.notNull("type", type);
            Checks.notNull("url", url);
            if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("url: '" + url + "' (expected: empty, or an http(s) URL)");
            }
            Checks.between("interval", interval, Duration.ofMillis(10), Duration.ofHours(1));
            Checks.between("timeout", timeout, Duration.ofMillis(10), Duration.ofMinutes(5));
            Checks.between("ttl", ttl, Duration.ofMillis(100), Duration.ofHours(1));
            Checks.between(
                    "deregister-critical-after",
                    deregisterCriticalAfter,
                    MIN_DEREGISTER_CRITICAL_AFTER,
                    Duration.ofDays(7));
        }

        /** The defaults listed on {@link RegistrationConfig}. */
        public static Check defaults() {
            return new Check(
                    CheckType.HTTP,
                    "",
                    DEFAULT_INTERVAL,
                    DEFAULT_TIMEOUT,
                    DEFAULT_TTL,
                    DEFAULT_DEREGISTER_CRITICAL_AFTER);
        }

        /** A copy of this check as an HTTP check at this interval. */
        public Check asHttp(Duration interval) {
            return new Check(CheckType.HTTP, url, interval, timeout, ttl, deregisterCriticalAfter);
        }

        /** A copy of this check as a TTL check with this TTL. */
        public Check asTtl(Duration ttl) {
            return new Check(CheckType.TTL, url, interval, timeout, ttl, deregisterCriticalAfter);
        }

        /** A copy with this {@code deregister-critical-after}. */
        public Check withDeregisterCriticalAfter(Duration deregisterCriticalAfter) {
            return new Check(type, url, interval, timeout, ttl, deregisterCriticalAfter);
        }
    }
}
