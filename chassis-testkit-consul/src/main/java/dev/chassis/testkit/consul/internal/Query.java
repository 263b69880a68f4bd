package dev.chassis.testkit.consul.internal;

import dev.chassis.core.http.Request;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The query options Consul reads on every read endpoint: {@code dc}, {@code index},
 * {@code wait}, {@code stale} and {@code consistent}, with Consul's answers to bad values.
 *
 * @param index the index to block past; 0 to answer at once
 * @param maxWait the {@code wait} asked for; zero when absent
 * @param consistency {@code leader}, {@code stale} or {@code consistent}
 */
record Query(long index, Duration maxWait, String consistency) {
    /** Consul's {@code wait} when none is given. */
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    /** Consul's cap on {@code wait}. */
    static final Duration MAX_WAIT = Duration.ofMinutes(10);

    /**
     * Reads the options.
     *
     * @throws ConsulError 500 {@code No path to datacenter} for another datacenter; 400 for a bad
     *     {@code wait} or {@code index}, or {@code stale} with {@code consistent}
     */
    static Query of(Request request, String datacenter) {
        String dc = request.queryParam("dc").asString("");
        if (!dc.isEmpty() && !dc.equals(datacenter)) {
            throw new ConsulError(500, "No path to datacenter");
        }
        boolean stale = !request.queryParams("stale").isEmpty();
        boolean consistent = !request.queryParams("consistent").isEmpty();
        if (stale && consistent) {
            throw ConsulError.badRequest("Cannot specify ?stale with ?consistent, conflicting semantics.");
        }
        Duration wait = Duration.ZERO;
        String waitText = request.queryParam("wait").asString("");
        if (!waitText.isEmpty()) {
            try {
                wait = GoDuration.parse(waitText);
            } catch (IllegalArgumentException e) {
                throw ConsulError.badRequest("Invalid wait time");
            }
        }
        long index = 0;
        String indexText = request.queryParam("index").asString("");
        if (!indexText.isEmpty()) {
            try {
                index = Long.parseUnsignedLong(indexText);
            } catch (NumberFormatException e) {
                throw ConsulError.badRequest("Invalid index");
            }
        }
        return new Query(index, wait, stale ? "stale" : consistent ? "consistent" : "leader");
    }

    /** Whether the query blocks: it names an index. */
    boolean blocking() {
        return index != 0;
    }

    /**
     * How long a blocking query may wait before it is answered unchanged: {@code wait} (5m when
     * absent, at most 10m) plus a random jitter of up to a sixteenth of it, as Consul adds.
     */
    Duration timeout() {
        Duration base = maxWait.isZero() || maxWait.isNegative() ? DEFAULT_WAIT : maxWait;
        if (base.compareTo(MAX_WAIT) > 0) {
            base = MAX_WAIT;
        }
        long jitter = base.toNanos() / 16;
        return base.plusNanos(jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter) : 0);
    }
}
