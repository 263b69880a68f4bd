package dev.chassis.discovery.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.chassis.core.common.Checks;
import dev.chassis.core.common.Durations;
import java.time.Duration;

/**
 * How the resolver watches the downstreams it resolves, under {@code discovery.consul.watch}.
 *
 * <p>One watch per service name for the whole process, shared by every client: a loop of
 * blocking queries on {@code /v1/health/service/<name>?passing}, each waiting up to {@code wait}
 * for a change. The HTTP read timeout of a blocking query is {@code wait × 17/16} (Consul adds up
 * to a sixteenth as jitter) plus {@code discovery.consul.timeout}. Rounds start at least
 * {@code min-interval} apart, so a service that flaps cannot make the loop spin; after an error
 * the loop waits with capped, jittered backoff and the last good instances stay in use, and the
 * next read carries no index (a restarted agent's index starts lower).
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code wait}</td><td>55s</td><td>longest wait of a blocking query, whole seconds from 1s to 5m; under a minute so that idle-connection timeouts of proxies between the service and the agent do not cut it</td></tr>
 * <tr><td>{@code min-interval}</td><td>500ms</td><td>shortest time between the starts of two queries for one service; 10ms to 1m</td></tr>
 * <tr><td>{@code retry.initial-backoff}</td><td>1s</td><td>first wait after a failed query</td></tr>
 * <tr><td>{@code retry.max-backoff}</td><td>30s</td><td>longest wait between failed queries</td></tr>
 * <tr><td>{@code stale}</td><td>false</td><td>read with {@code ?stale}: any server answers, spreading the load</td></tr>
 * <tr><td>{@code max-stale}</td><td>5s</td><td>a stale answer whose {@code X-Consul-LastContact} is older is dropped and read again from the leader</td></tr>
 * <tr><td>{@code prefer-zone}</td><td>true</td><td>when some instances are in this service's zone ({@code discovery.consul.zone}, matched against service meta {@code zone} or node meta {@code zone}), call only those</td></tr>
 * <tr><td>{@code start-wait}</td><td>5s</td><td>how long start-up waits for the first answer of the configured downstreams before it goes on without them</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param blockingWait longest wait of a blocking query (key {@code wait})
 * @param minInterval shortest time between the starts of two queries for one service
 * @param retry backoff after failed queries
 * @param stale whether reads may be answered by any server
 * @param maxStale how far behind the leader a stale answer may be
 * @param preferZone whether instances of this zone are preferred
 * @param startWait how long start-up waits for first answers
 */
public record WatchConfig(
        @JsonProperty("wait") Duration blockingWait,
        Duration minInterval,
        ConsulConfig.Retry retry,
        boolean stale,
        Duration maxStale,
        boolean preferZone,
        Duration startWait) {

    /** Default {@code wait}. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(55);
    /** Default {@code min-interval}. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMillis(500);
    /** Default {@code max-stale}. */
    public static final Duration DEFAULT_MAX_STALE = Duration.ofSeconds(5);
    /** Default {@code start-wait}. */
    public static final Duration DEFAULT_START_WAIT = Duration.ofSeconds(5);

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public WatchConfig {
        Checks.between("wait", blockingWait, Duration.ofSeconds(1), Duration.ofMinutes(5));
        if (blockingWait.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException(
                    "wait: " + Durations.format(blockingWait) + " (expected: whole seconds)");
        }
        // Never 0: the rate limit is what keeps a broken index or a flapping service from a spin.
        Checks.between("min-interval", minInterval, Duration.ofMillis(10), Duration.ofMinutes(1));
        Checks.notNull("retry", retry);
        Checks.between("max-stale", maxStale, Duration.ZERO, Duration.ofHours(1));
        Checks.between("start-wait", startWait, Duration.ZERO, Duration.ofMinutes(5));
    }

    /** The defaults listed above. */
    public static WatchConfig defaults() {
        return new WatchConfig(
                DEFAULT_WAIT,
                DEFAULT_MIN_INTERVAL,
                ConsulConfig.Retry.defaults(),
                false,
                DEFAULT_MAX_STALE,
                true,
                DEFAULT_START_WAIT);
    }
}
