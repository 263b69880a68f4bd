package dev.chassis.gateway.config;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.config.ConfigSection;
import java.util.List;

/**
 * The {@code gateway} section: the routes and the proxies whose forwarding headers are believed.
 *
 * <pre>{@code
 * gateway:
 *   trusted-proxies: [10.0.0.0/8]
 *   routes:
 *     - id: accounts
 *       path-prefix: /api/accounts
 *       strip-prefix: true
 *       service: accounts
 * }</pre>
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code routes}</td><td>[]</td><td>the routes, see {@link RouteConfig}; a request no route matches gets 404</td></tr>
 * <tr><td>{@code trusted-proxies}</td><td>[]</td><td>addresses or CIDR blocks whose {@code Forwarded} and {@code X-Forwarded-*} are kept; anyone else's are replaced</td></tr>
 * <tr><td>{@code via}</td><td>{@code chassis-gateway}</td><td>the pseudonym this gateway adds to {@code Via}</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param routes the routes, in any order: the most specific match wins
 * @param trustedProxies addresses or CIDR blocks of proxies in front of the gateway
 * @param via the received-by pseudonym in {@code Via}
 */
public record GatewayConfig(List<RouteConfig> routes, List<String> trustedProxies, String via) {
    /** The default {@code via}. */
    public static final String DEFAULT_VIA = "chassis-gateway";

    /** The section this record binds. */
    public static final ConfigSection<GatewayConfig> SECTION =
            ConfigSection.of("gateway", GatewayConfig.class, defaults());

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public GatewayConfig {
        routes = List.copyOf(requireNonNull(routes, "routes"));
        trustedProxies = List.copyOf(requireNonNull(trustedProxies, "trusted-proxies"));
        requireNonNull(via, "via");
        if (!via.matches("[A-Za-z0-9._~!$&'*+^`|-]{1,64}")) {
            throw new IllegalArgumentException("via: '" + via + "' (expected: a token such as chassis-gateway)");
        }
    }

    /** No routes, no trusted proxies. */
    public static GatewayConfig defaults() {
        return new GatewayConfig(List.of(), List.of(), DEFAULT_VIA);
    }
}
