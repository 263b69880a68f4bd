package dev.chassis.core.health;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of a {@link HealthCheck}: up or down, with details shown in the health document.
 *
 * <pre>{@code
 * return Health.up().withDetail("active", pool.active()).withDetail("idle", pool.idle());
 * }</pre>
 *
 * @param status up or down
 * @param details what the check saw; values are written as JSON
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Health(Status status, Map<String, Object> details) {
    /** Up or down. */
    public enum Status {
        /** Healthy. */
        UP,
        /** Not healthy. */
        DOWN
    }

    /** Creates a result. */
    public Health {
        requireNonNull(status, "status");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(details, "details")));
    }

    /** Healthy, with no details. */
    public static Health up() {
        return new Health(Status.UP, Map.of());
    }

    /** Not healthy, with the reason as detail {@code reason}. */
    public static Health down(String reason) {
        return new Health(Status.DOWN, Map.of("reason", requireNonNull(reason, "reason")));
    }

    /** A copy with one more detail; later values for the same key win. Keeps insertion order. */
    public Health withDetail(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
        return new Health(status, more);
    }

    /** Whether the status is up. */
    @JsonIgnore
    public boolean isUp() {
        return status == Status.UP;
    }
}
