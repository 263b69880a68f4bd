package dev.chassis.gateway.internal;

import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import dev.chassis.gateway.config.CorsConfig;
import dev.chassis.gateway.config.RateLimitConfig;
import dev.chassis.gateway.config.RouteConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A route's edge policy, applied before anything goes upstream: address allow and deny lists,
 * CORS (preflights answered here), the caller required, the body size, and the per-client token
 * bucket (Bucket4j). Thread-safe.
 */
final class EdgePolicy {
    private final String routeId;
    private final RouteConfig config;
    private final List<IpSubnetFilterRule> allow;
    private final List<IpSubnetFilterRule> deny;
    private final @Nullable Map<String, Bucket> buckets;
    private final @Nullable Semaphore bulkhead;

    /**
     * @param key the route's key, {@code gateway.routes.2}, named in a failure
     * @throws IllegalArgumentException naming an allow or deny entry that is not an address or block
     */
    EdgePolicy(String key, RouteConfig config) {
        this.routeId = config.id();
        this.config = config;
        this.allow = rules(key + ".allow", config.allow());
        this.deny = rules(key + ".deny", config.deny());
        this.bulkhead = config.maxConcurrent() > 0 ? new Semaphore(config.maxConcurrent()) : null;
        RateLimitConfig limit = config.rateLimit();
        int max = limit.maxClients();
        this.buckets = limit.capacity() == 0
                ? null
                : java.util.Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                        return size() > max;
                    }
                });
    }

    /** The route's bulkhead, when it has {@code max-concurrent}. */
    @Nullable
    Semaphore bulkhead() {
        return bulkhead;
    }

    private static List<IpSubnetFilterRule> rules(String key, List<String> entries) {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            rules.add(ForwardHeaders.rule(key + "." + i, entries.get(i)));
        }
        return List.copyOf(rules);
    }

    /** Whether a request is a CORS preflight, which is matched by the method it asks for. */
    static boolean preflight(Request request) {
        return request.method().equals("OPTIONS")
                && request.header("Origin").isPresent()
                && request.header("Access-Control-Request-Method").isPresent();
    }

    /**
     * Applies the policy.
     *
     * @return the answer of a preflight, or null when the request goes on upstream
     * @throws HttpStatusException 403 for a refused address or origin, 401 without a required
     *     caller, 413 for a large body, 429 for a client over its rate
     */
    @Nullable
    Response admit(Request request, List<Map.Entry<String, String>> responseHeaders) {
        InetSocketAddress peer = request.remoteAddress();
        if (matches(deny, peer) || (!allow.isEmpty() && !matches(allow, peer))) {
            throw new HttpStatusException(403, "route '" + routeId + "' does not accept requests from this address");
        }
        CorsConfig cors = config.cors();
        String origin = request.header("Origin").orElse(null);
        if (cors.enabled() && origin != null) {
            if (!cors.allowedOrigins().contains(origin)) {
                throw new HttpStatusException(
                        403, "route '" + routeId + "' does not accept requests from origin " + Texts.excerpt(origin));
            }
            if (preflight(request)) {
                return preflightAnswer(request, cors, origin);
            }
            responseHeaders.add(Map.entry("Access-Control-Allow-Origin", origin));
            responseHeaders.add(Map.entry("Vary", "Origin"));
            if (cors.allowCredentials()) {
                responseHeaders.add(Map.entry("Access-Control-Allow-Credentials", "true"));
            }
        }
        if (config.authenticated() && request.attribute(Request.PRINCIPAL).isEmpty()) {
            throw new HttpStatusException(401, "route '" + routeId + "' needs an authenticated caller")
                    .header("WWW-Authenticate", "Bearer");
        }
        if (config.maxBodySize() != null
                && request.body().length > config.maxBodySize().bytes()) {
            throw new HttpStatusException(
                    413,
                    "route '" + routeId + "' takes request bodies up to "
                            + config.maxBodySize().bytes() + " bytes");
        }
        if (buckets != null) {
            consume(request, responseHeaders);
        }
        return null;
    }

    private Response preflightAnswer(Request request, CorsConfig cors, String origin) {
        String method = request.header("Access-Control-Request-Method")
                .orElse("")
                .strip()
                .toUpperCase();
        if (!cors.allowedMethods().contains(method)) {
            throw new HttpStatusException(
                    403, "route '" + routeId + "' does not allow cross-origin " + Texts.excerpt(method));
        }
        for (String asked :
                request.header("Access-Control-Request-Headers").orElse("").split(",")) {
            String name = asked.strip();
            if (!name.isEmpty() && cors.allowedHeaders().stream().noneMatch(name::equalsIgnoreCase)) {
                throw new HttpStatusException(
                        403, "route '" + routeId + "' does not allow the header " + Texts.excerpt(name));
            }
        }
        Response r = Response.noContent()
                .header("Access-Control-Allow-Origin", origin)
                .header("Access-Control-Allow-Methods", String.join(", ", cors.allowedMethods()))
                .header("Access-Control-Allow-Headers", String.join(", ", cors.allowedHeaders()))
                .header("Access-Control-Max-Age", Long.toString(cors.maxAge().toSeconds()))
                .header("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        if (cors.allowCredentials()) {
            r.header("Access-Control-Allow-Credentials", "true");
        }
        return r;
    }

    private void consume(Request request, List<Map.Entry<String, String>> responseHeaders) {
        RateLimitConfig limit = config.rateLimit();
        String client = client(request, limit.key());
        Bucket bucket = buckets.computeIfAbsent(
                client,
                c -> Bucket.builder()
                        .addLimit(l -> l.capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()))
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long window = Math.max(1, limit.period().toSeconds());
        String policy = "\"" + routeId + "\";q=" + limit.capacity() + ";w=" + window;
        if (!probe.isConsumed()) {
            long wait = Math.max(
                    1, (long) Math.ceil(probe.getNanosToWaitForRefill() / (double) TimeUnit.SECONDS.toNanos(1)));
            throw new HttpStatusException(
                            429,
                            "route '" + routeId + "': more than " + limit.capacity() + " requests in "
                                    + dev.chassis.core.common.Durations.format(limit.period()) + " from this client")
                    .header("Retry-After", Long.toString(wait))
                    .header("RateLimit-Policy", policy)
                    .header("RateLimit", "\"" + routeId + "\";r=0;t=" + wait);
        }
        long reset = (long) Math.ceil(probe.getNanosToWaitForReset() / (double) TimeUnit.SECONDS.toNanos(1));
        responseHeaders.add(Map.entry("RateLimit-Policy", policy));
        responseHeaders.add(
                Map.entry("RateLimit", "\"" + routeId + "\";r=" + probe.getRemainingTokens() + ";t=" + reset));
    }

    private static String client(Request request, String key) {
        String address = "address " + request.remoteAddress().getAddress().getHostAddress();
        if (key.equals("principal")) {
            return request.attribute(Request.PRINCIPAL)
                    .map(p -> "principal " + p.getName())
                    .orElse(address);
        }
        if (key.startsWith("header:")) {
            return request.header(key.substring(7)).map(v -> "key " + v).orElse(address);
        }
        return address;
    }

    private static boolean matches(List<IpSubnetFilterRule> rules, InetSocketAddress peer) {
        for (IpSubnetFilterRule rule : rules) {
            if (rule.matches(peer)) {
                return true;
            }
        }
        return false;
    }
}
