package dev.chassis.discovery.config;

import dev.chassis.core.common.Checks;
import dev.chassis.core.common.Durations;
import dev.chassis.core.config.ConfigSection;
import java.net.URI;
import java.time.Duration;

/**
 * Consul for this service, section {@code discovery.consul}: where the local agent is, and what
 * the service does with it ({@link RegistrationConfig registration}, {@link WatchConfig watch},
 * {@link KvConfig kv}). Off by default: a service then finds its downstreams in
 * {@code clients.<name>.urls}, and the same code runs against Consul once {@code enabled} is set.
 *
 * <pre>{@code
 * discovery:
 *   consul:
 *     enabled: true
 *     url: http://127.0.0.1:8500
 *     registration: {tags: [blue], meta: {team: payments}}
 *     kv: {enabled: true}
 * }</pre>
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code enabled}</td><td>false</td><td>register, resolve and read KV through Consul</td></tr>
 * <tr><td>{@code url}</td><td>{@code http://127.0.0.1:8500}</td><td>the local agent; {@code https://} for TLS</td></tr>
 * <tr><td>{@code token}</td><td>empty</td><td>ACL token sent as {@code X-Consul-Token}; empty falls back to the environment variable {@code CONSUL_HTTP_TOKEN}. Never logged</td></tr>
 * <tr><td>{@code datacenter}</td><td>empty</td><td>datacenter of the health and KV reads; empty is the agent's own</td></tr>
 * <tr><td>{@code zone}</td><td>empty</td><td>this instance's zone: registered as meta {@code zone}, and preferred when resolving</td></tr>
 * <tr><td>{@code timeout}</td><td>5s</td><td>connect, read and write timeout of each call to the agent that does not block; the margin added to blocking reads; the bound on deregistration</td></tr>
 * <tr><td>{@code tls.trust-store}</td><td>empty</td><td>PKCS12 or JKS file with the CAs that sign the agent's certificate; empty uses the JVM's</td></tr>
 * <tr><td>{@code tls.trust-store-password}</td><td>empty</td><td>its password</td></tr>
 * <tr><td>{@code registration.*}</td><td></td><td>see {@link RegistrationConfig}</td></tr>
 * <tr><td>{@code watch.*}</td><td></td><td>see {@link WatchConfig}</td></tr>
 * <tr><td>{@code kv.*}</td><td></td><td>see {@link KvConfig}</td></tr>
 * </table>
 *
 * <p>Read once at start: a change, from Consul KV too, takes effect on the next start. Instances
 * are immutable and thread-safe.
 *
 * @param enabled whether the service uses Consul
 * @param url the local agent's base URL
 * @param token ACL token, empty for the environment's or none
 * @param datacenter datacenter of reads, empty for the agent's
 * @param zone this instance's zone, empty for none
 * @param timeout timeout of each non-blocking call to the agent
 * @param tls trust for an {@code https} agent
 * @param registration how the service registers itself
 * @param watch how downstreams are watched
 * @param kv configuration from the KV store
 */
public record ConsulConfig(
        boolean enabled,
        URI url,
        String token,
        String datacenter,
        String zone,
        Duration timeout,
        Tls tls,
        RegistrationConfig registration,
        WatchConfig watch,
        KvConfig kv) {

    /** Default {@code url}. */
    public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:8500");
    /** Default {@code timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** The environment variable read when {@code token} is empty, as Consul's own CLI does. */
    public static final String TOKEN_VARIABLE = "CONSUL_HTTP_TOKEN";

    /** The section this record binds; declared after the defaults it reads. */
    public static final ConfigSection<ConsulConfig> SECTION =
            ConfigSection.of("discovery.consul", ConsulConfig.class, defaults());

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public ConsulConfig {
        Checks.notNull("url", url);
        String scheme = url.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || url.getHost() == null
                || (url.getPath() != null
                        && !url.getPath().isEmpty()
                        && !url.getPath().equals("/"))) {
            throw new IllegalArgumentException(
                    "url: '" + url + "' (expected: http://host:port or https://host:port, no path)");
        }
        Checks.notNull("token", token);
        Checks.notNull("datacenter", datacenter);
        Checks.notNull("zone", zone);
        Checks.between("timeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(1));
        Checks.notNull("tls", tls);
        Checks.notNull("registration", registration);
        Checks.notNull("watch", watch);
        Checks.notNull("kv", kv);
    }

    /** The defaults listed above. */
    public static ConsulConfig defaults() {
        return new ConsulConfig(
                false,
                DEFAULT_URL,
                "",
                "",
                "",
                DEFAULT_TIMEOUT,
                Tls.defaults(),
                RegistrationConfig.defaults(),
                WatchConfig.defaults(),
                KvConfig.defaults());
    }

    /** Whether the agent is reached over TLS. */
    public boolean https() {
        return url.getScheme().equalsIgnoreCase("https");
    }

    /** The values, with the token masked. */
    @Override
    public String toString() {
        return "ConsulConfig[enabled=" + enabled + ", url=" + url + ", token=" + (token.isEmpty() ? "" : "******")
                + ", datacenter=" + datacenter + ", zone=" + zone + ", timeout=" + Durations.format(timeout) + ", tls="
                + tls + ", registration=" + registration + ", watch=" + watch + ", kv=" + kv + "]";
    }

    /**
     * Trust for an agent reached over {@code https}.
     *
     * @param trustStore a PKCS12 or JKS file of trusted certificates, empty for the JVM's
     * @param trustStorePassword its password
     */
    public record Tls(String trustStore, String trustStorePassword) {
        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException naming a missing value
         */
        public Tls {
            Checks.notNull("trust-store", trustStore);
            Checks.notNull("trust-store-password", trustStorePassword);
        }

        /** No trust store of its own: the JVM's. */
        public static Tls defaults() {
            return new Tls("", "");
        }

        /** The values, with the password masked. */
        @Override
        public String toString() {
            return "Tls[trustStore=" + trustStore + ", trustStorePassword="
                    + (trustStorePassword.isEmpty() ? "" : "******") + "]";
        }
    }

    /**
     * Capped exponential backoff: the n-th wait is {@code initial-backoff × 2ⁿ} up to
     * {@code max-backoff}, drawn at random between half of that and all of it, so that many
     * instances that failed together do not retry together.
     *
     * @param initialBackoff the first wait
     * @param maxBackoff the longest wait
     */
    public record Retry(Duration initialBackoff, Duration maxBackoff) {
        /** Default {@code initial-backoff}. */
        public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
        /** Default {@code max-backoff}. */
        public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException if a wait is out of range or the longest is shorter
         *     than the first
         */
        public Retry {
            Checks.between("initial-backoff", initialBackoff, Duration.ofMillis(10), Duration.ofMinutes(1));
            Checks.between("max-backoff", maxBackoff, initialBackoff, Duration.ofMinutes(10));
        }

        /** 1s, doubling up to 30s. */
        public static Retry defaults() {
            return new Retry(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
        }
    }
}
