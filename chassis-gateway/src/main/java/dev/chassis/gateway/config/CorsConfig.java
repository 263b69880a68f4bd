package dev.chassis.gateway.config;

import dev.chassis.core.common.Checks;
import java.time.Duration;
import java.util.List;

/**
 * A route's CORS policy, {@code gateway.routes[n].cors}: preflights are answered at the gateway,
 * and only the listed origins get an answer a browser accepts.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code allowed-origins}</td><td>[] (CORS off)</td><td>exact origins such as {@code https://app.example.com}; a request from any other origin gets 403</td></tr>
 * <tr><td>{@code allowed-methods}</td><td>[GET, HEAD, POST]</td><td>methods a preflight may ask for</td></tr>
 * <tr><td>{@code allowed-headers}</td><td>[Content-Type, Authorization]</td><td>request headers a preflight may ask for</td></tr>
 * <tr><td>{@code max-age}</td><td>10m</td><td>how long a browser may keep the preflight answer</td></tr>
 * <tr><td>{@code allow-credentials}</td><td>false</td><td>whether cookies and authorization may be sent</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param allowedOrigins the origins allowed
 * @param allowedMethods the methods allowed
 * @param allowedHeaders the request headers allowed
 * @param maxAge the preflight cache time
 * @param allowCredentials whether credentials are allowed
 */
public record CorsConfig(
        List<String> allowedOrigins,
        List<String> allowedMethods,
        List<String> allowedHeaders,
        Duration maxAge,
        Boolean allowCredentials) {
    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public CorsConfig {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        for (String origin : allowedOrigins) {
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException(
                        "cors.allowed-origins: '" + origin + "' (expected: an origin such as https://app.example.com)");
            }
        }
        allowedMethods = allowedMethods == null
                ? List.of("GET", "HEAD", "POST")
                : allowedMethods.stream().map(String::toUpperCase).toList();
        allowedHeaders =
                allowedHeaders == null ? List.of("Content-Type", "Authorization") : List.copyOf(allowedHeaders);
        maxAge = maxAge == null ? Duration.ofMinutes(10) : Checks.notNegative("cors.max-age", maxAge);
        allowCredentials = allowCredentials != null && allowCredentials;
    }

    /** CORS off. */
    public static CorsConfig off() {
        return new CorsConfig(null, null, null, null, null);
    }

    /** Whether the route answers cross-origin requests at all. */
    public boolean enabled() {
        return !allowedOrigins.isEmpty();
    }
}
