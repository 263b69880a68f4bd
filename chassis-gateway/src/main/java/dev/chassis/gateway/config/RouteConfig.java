package dev.chassis.gateway.config;

import dev.chassis.core.common.Checks;
import dev.chassis.core.config.DataSize;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One route, an element of {@code gateway.routes}: what it matches, how it rewrites the path and
 * where it sends the request.
 *
 * <pre>{@code
 * - id: account
 *   path: /api/accounts/{id}
 *   methods: [GET]
 *   rewrite: /accounts/{id}
 *   service: accounts
 * }</pre>
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code id}</td><td>(required)</td><td>names the route in logs, metrics and errors</td></tr>
 * <tr><td>{@code path-prefix}</td><td>empty</td><td>matches this path and every path below it ({@code /api} matches {@code /api} and {@code /api/x}, not {@code /apix})</td></tr>
 * <tr><td>{@code path}</td><td>empty</td><td>a template instead: literal segments and {@code {name}}, a last {@code {name...}} takes the rest; exactly one of {@code path} and {@code path-prefix}</td></tr>
 * <tr><td>{@code host}</td><td>empty (any)</td><td>the request's host, without the port, case-insensitive</td></tr>
 * <tr><td>{@code methods}</td><td>[] (any)</td><td>the methods matched</td></tr>
 * <tr><td>{@code headers}</td><td>{} (none)</td><td>request headers that must be present with exactly these values</td></tr>
 * <tr><td>{@code strip-prefix}</td><td>false</td><td>with {@code path-prefix}: the prefix is removed before forwarding</td></tr>
 * <tr><td>{@code rewrite}</td><td>empty</td><td>with {@code path}: the forwarded path, the template's {@code {name}} replaced by the matched segments</td></tr>
 * <tr><td>{@code service}</td><td>empty</td><td>a service found through {@code clients.<name>.urls} or discovery, its instance picked per request</td></tr>
 * <tr><td>{@code url}</td><td>empty</td><td>a fixed {@code http://host:port} instead; exactly one of {@code service} and {@code url}</td></tr>
 * <tr><td>{@code preserve-host}</td><td>false</td><td>true forwards the client's {@code Host}; false sets the target's authority</td></tr>
 * <tr><td>{@code timeout}</td><td>30s</td><td>from forwarding the request to the whole response; then 504 (a shorter deadline of the caller wins)</td></tr>
 * <tr><td>{@code retries}</td><td>1</td><td>further attempts, on another instance where there is one, for an idempotent request ({@code GET}, {@code HEAD}, {@code OPTIONS}, {@code PUT}, {@code DELETE}) that got no response: the connection failed or closed</td></tr>
 * <tr><td>{@code authenticated}</td><td>false</td><td>true answers 401 unless the request carries a verified caller (chassis-security's filter in the component); the token goes on downstream as it came</td></tr>
 * <tr><td>{@code max-body-size}</td><td>none</td><td>larger request bodies get 413 (the server's {@code server.max-content-length} applies first)</td></tr>
 * <tr><td>{@code allow}</td><td>[] (everyone)</td><td>client addresses or CIDR blocks allowed; anyone else gets 403</td></tr>
 * <tr><td>{@code deny}</td><td>[]</td><td>client addresses or CIDR blocks refused with 403, before {@code allow}</td></tr>
 * <tr><td>{@code rate-limit.*}</td><td>off</td><td>a per-client token bucket, see {@link RateLimitConfig}</td></tr>
 * <tr><td>{@code cors.*}</td><td>off</td><td>cross-origin requests, see {@link CorsConfig}</td></tr>
 * <tr><td>{@code max-concurrent}</td><td>0 (no limit)</td><td>the bulkhead: requests in flight on the route at once; more get 503 at once</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the route's name
 * @param pathPrefix the prefix matched, or empty
 * @param path the template matched, or empty
 * @param host the host matched, or empty for any
 * @param methods the methods matched, empty for any
 * @param headers headers that must match exactly
 * @param stripPrefix whether the prefix is removed
 * @param rewrite the forwarded path's template, or empty
 * @param service the target service, or empty
 * @param url the fixed target, or empty
 * @param preserveHost whether the client's {@code Host} is forwarded
 * @param timeout the limit for the whole upstream response
 * @param retries further attempts of an idempotent request that got no response
 * @param maxConcurrent requests in flight at most, 0 for no limit
 * @param authenticated whether a verified caller is required
 * @param maxBodySize the largest request body, or null for the server's limit
 * @param allow client addresses allowed, empty for all
 * @param deny client addresses refused
 * @param rateLimit the per-client rate limit
 * @param cors the CORS policy
 */
public record RouteConfig(
        String id,
        String pathPrefix,
        String path,
        String host,
        List<String> methods,
        Map<String, String> headers,
        Boolean stripPrefix,
        String rewrite,
        String service,
        String url,
        Boolean preserveHost,
        Duration timeout,
        Integer retries,
        Integer maxConcurrent,
        Boolean authenticated,
        @Nullable DataSize maxBodySize,
        List<String> allow,
        List<String> deny,
        RateLimitConfig rateLimit,
        CorsConfig cors) {
    /** The default {@code timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The default {@code retries}. */
    public static final int DEFAULT_RETRIES = 1;

    /**
     * Validates the values that need no other route to check.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public RouteConfig {
        id = Checks.notBlank("id", id);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("id: '" + id + "' (expected: letters, digits, '.', '_' and '-')");
        }
        pathPrefix = pathPrefix == null ? "" : pathPrefix;
        path = path == null ? "" : path;
        host = host == null ? "" : host.toLowerCase(Locale.ROOT);
        methods = methods == null
                ? List.of()
                : methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        rewrite = rewrite == null ? "" : rewrite;
        service = service == null ? "" : service;
        url = url == null ? "" : url;
        stripPrefix = stripPrefix != null && stripPrefix;
        preserveHost = preserveHost != null && preserveHost;
        timeout = timeout == null ? DEFAULT_TIMEOUT : Checks.positive("timeout", timeout);
        retries = retries == null ? DEFAULT_RETRIES : Checks.range("retries", retries, 0, 10);
        maxConcurrent = maxConcurrent == null ? 0 : Checks.range("max-concurrent", maxConcurrent, 0, 1_000_000);
        authenticated = authenticated != null && authenticated;
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
        rateLimit = rateLimit == null ? RateLimitConfig.off() : rateLimit;
        cors = cors == null ? CorsConfig.off() : cors;
        if (pathPrefix.isEmpty() == path.isEmpty()) {
            throw new IllegalArgumentException(
                    "path-prefix, path: exactly one of the two (expected: /api or /api/{id})");
        }
        if (!pathPrefix.isEmpty() && (!pathPrefix.startsWith("/") || pathPrefix.contains("{"))) {
            throw new IllegalArgumentException(
                    "path-prefix: '" + pathPrefix + "' (expected: a literal path such as /api)");
        }
        if (stripPrefix && pathPrefix.isEmpty()) {
            throw new IllegalArgumentException("strip-prefix: true (expected: only with path-prefix)");
        }
        if (!rewrite.isEmpty() && (path.isEmpty() || !rewrite.startsWith("/"))) {
            throw new IllegalArgumentException(
                    "rewrite: '" + rewrite + "' (expected: a path template, only with path)");
        }
        if (service.isEmpty() == url.isEmpty()) {
            throw new IllegalArgumentException(
                    "service, url: exactly one of the two (expected: a service name or http://host:port)");
        }
        for (String method : methods) {
            if (!method.matches("[A-Z]{1,20}")) {
                throw new IllegalArgumentException("methods: '" + method + "' (expected: a method such as GET)");
            }
        }
    }
}
