package dev.chassis.core.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.config.DataSize;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One downstream's client settings, under {@code clients.<name>}. Keys not given take these
 * defaults, so {@code clients.accounts.urls: [http://localhost:8081]} alone is complete.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code urls}</td><td>[]</td><td>static instances; empty means a {@link ServiceResolver} (Consul) finds them</td></tr>
 * <tr><td>{@code connect-timeout}</td><td>1s</td><td>to open a connection, or wait for a pooled one</td></tr>
 * <tr><td>{@code response-timeout}</td><td>10s</td><td>from sending an attempt to its whole response; the attempt is then aborted</td></tr>
 * <tr><td>{@code load-balancer}</td><td>{@code power-of-two}</td><td>{@code power-of-two} (fewer outstanding requests of two random instances) or {@code round-robin}</td></tr>
 * <tr><td>{@code max-connections}</td><td>64</td><td>pooled connections per instance</td></tr>
 * <tr><td>{@code max-response-size}</td><td>10MiB</td><td>larger responses fail the attempt</td></tr>
 * <tr><td>{@code tls.*}</td><td>JDK trust store</td><td>trust bundle and client certificate for {@code https://} instances: see {@link ClientTlsConfig}</td></tr>
 * <tr><td>{@code auth}</td><td>{@code none}</td><td>the credential calls carry: a mode of a contributed {@link ClientCredentials}, such as {@code relay} or {@code client-credentials} from {@code chassis-security}</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param urls static instances
 * @param connectTimeout connection (or pooled-connection) wait
 * @param responseTimeout per-attempt response wait
 * @param loadBalancer how an instance is chosen
 * @param maxConnections pooled connections per instance
 * @param maxResponseSize largest response body
 * @param auth the mode of the {@link ClientCredentials} calls carry, or {@value #AUTH_NONE}
 * @param tls TLS towards {@code https://} instances
 */
public record ClientConfig(
        List<URI> urls,
        Duration connectTimeout,
        Duration responseTimeout,
        LoadBalancer loadBalancer,
        int maxConnections,
        DataSize maxResponseSize,
        String auth,
        ClientTlsConfig tls) {
    /** The {@code auth} of a downstream that gets no credential. */
    public static final String AUTH_NONE = "none";

    private static final java.util.regex.Pattern MODE = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{0,62}");

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public ClientConfig {
        urls = List.copyOf(requireNonNull(urls, "urls"));
        for (URI url : urls) {
            if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                    || url.getHost() == null) {
                throw new IllegalArgumentException(
                        "urls: '" + url + "' (expected: http://host:port or https://host:port)");
            }
        }
        positive("connect-timeout", connectTimeout);
        positive("response-timeout", responseTimeout);
        requireNonNull(loadBalancer, "load-balancer");
        if (maxConnections < 1 || maxConnections > 10_000) {
            throw new IllegalArgumentException("max-connections: " + maxConnections + " (expected: 1-10000)");
        }
        if (maxResponseSize == null || maxResponseSize.bytes() < 1 || maxResponseSize.bytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("max-response-size: " + maxResponseSize + " (expected: 1 byte to 2GiB)");
        }
        if (auth == null || !MODE.matcher(auth).matches()) {
            throw new IllegalArgumentException(
                    "auth: '" + auth + "' (expected: none, or a mode such as relay or client-credentials)");
        }
        requireNonNull(tls, "tls");
    }

    /**
     * The settings without {@code auth}, which is {@value #AUTH_NONE}.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public ClientConfig(
            List<URI> urls,
            Duration connectTimeout,
            Duration responseTimeout,
            LoadBalancer loadBalancer,
            int maxConnections,
            DataSize maxResponseSize) {
        this(
                urls,
                connectTimeout,
                responseTimeout,
                loadBalancer,
                maxConnections,
                maxResponseSize,
                AUTH_NONE,
                ClientTlsConfig.defaults());
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: > 0)");
        }
    }

    /** The defaults listed above. */
    public static ClientConfig defaults() {
        return new ClientConfig(
                List.of(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                LoadBalancer.POWER_OF_TWO,
                64,
                DataSize.ofMebibytes(10),
                AUTH_NONE,
                ClientTlsConfig.defaults());
    }

    /** A copy with these static instances. */
    public ClientConfig withUrls(List<URI> urls) {
        return new ClientConfig(
                urls, connectTimeout, responseTimeout, loadBalancer, maxConnections, maxResponseSize, auth, tls);
    }

    /** A copy with this response timeout. */
    public ClientConfig withResponseTimeout(Duration responseTimeout) {
        return new ClientConfig(
                urls, connectTimeout, responseTimeout, loadBalancer, maxConnections, maxResponseSize, auth, tls);
    }

    /** A copy with these TLS settings. */
    public ClientConfig withTls(ClientTlsConfig tls) {
        return new ClientConfig(
                urls, connectTimeout, responseTimeout, loadBalancer, maxConnections, maxResponseSize, auth, tls);
    }

    /** A copy with this {@code auth} mode. */
    public ClientConfig withAuth(String auth) {
        return new ClientConfig(
                urls, connectTimeout, responseTimeout, loadBalancer, maxConnections, maxResponseSize, auth, tls);
    }

    /** How an instance is chosen for an attempt. */
    public enum LoadBalancer {
        /** The one with fewer outstanding requests of two chosen at random. */
        POWER_OF_TWO,
        /** Each in turn. */
        ROUND_ROBIN;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
