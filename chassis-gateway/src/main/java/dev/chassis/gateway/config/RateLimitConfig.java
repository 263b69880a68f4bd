package dev.chassis.gateway.config;

import dev.chassis.core.common.Checks;
import java.time.Duration;

/**
 * A route's per-client rate limit, {@code gateway.routes[n].rate-limit}: a token bucket of
 * {@code capacity} tokens per client, refilled evenly over {@code period}.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code capacity}</td><td>0 (off)</td><td>requests a client may make per period, and at once</td></tr>
 * <tr><td>{@code period}</td><td>1m</td><td>the time in which the whole capacity refills</td></tr>
 * <tr><td>{@code key}</td><td>{@code address}</td><td>who a client is: {@code address} (the peer), {@code principal} (the authenticated caller, else the address) or {@code header:<name>} (an API key header, else the address)</td></tr>
 * <tr><td>{@code max-clients}</td><td>100000</td><td>buckets kept; the least recently used are forgotten</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param capacity requests per period, 0 for no limit
 * @param period the refill period
 * @param key how a client is told apart
 * @param maxClients buckets kept at most
 */
public record RateLimitConfig(Integer capacity, Duration period, String key, Integer maxClients) {
    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public RateLimitConfig {
        capacity = capacity == null ? 0 : Checks.range("rate-limit.capacity", capacity, 0, 1_000_000_000);
        period = period == null ? Duration.ofMinutes(1) : Checks.positive("rate-limit.period", period);
        key = key == null ? "address" : key;
        if (!(key.equals("address") || key.equals("principal") || key.matches("header:[A-Za-z0-9-]{1,64}"))) {
            throw new IllegalArgumentException(
                    "rate-limit.key: '" + key + "' (expected: address, principal or header:<name>)");
        }
        maxClients = maxClients == null ? 100_000 : Checks.range("rate-limit.max-clients", maxClients, 1, 10_000_000);
    }

    /** No limit. */
    public static RateLimitConfig off() {
        return new RateLimitConfig(0, null, null, null);
    }
}
