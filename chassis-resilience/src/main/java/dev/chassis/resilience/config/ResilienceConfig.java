package dev.chassis.resilience.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.config.ConfigSection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The resilience section, {@code resilience}: policies by downstream name, the names of
 * {@code clients.<name>}.
 *
 * <pre>{@code
 * resilience:
 *   default:
 *     retry: {max-attempts: 2}
 *   accounts:
 *     retry: {max-attempts: 4, initial-backoff: 50ms}
 *     circuit-breaker: {failure-ratio: 0.3, delay: 10s}
 *     fallback: {mode: last-good}
 * }</pre>
 *
 * <p>A downstream without an entry takes the entry named {@value #DEFAULT}, or
 * {@link PolicyConfig#defaults()} when there is none. A downstream with an entry takes nothing
 * from {@value #DEFAULT}: the keys its entry leaves out take {@link PolicyConfig#defaults()}.
 * Immutable.
 *
 * @param downstreams policies by downstream name
 */
public record ResilienceConfig(Map<String, PolicyConfig> downstreams) {
    /** The entry for downstreams without their own. */
    public static final String DEFAULT = "default";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** The section this record binds. */
    public static final ConfigSection<ResilienceConfig> SECTION =
            ConfigSection.of("resilience", ResilienceConfig.class, new ResilienceConfig(Map.of()));

    /**
     * Validates the names.
     *
     * @throws IllegalArgumentException if a name is not a lower-case service name
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ResilienceConfig {
        downstreams = Map.copyOf(requireNonNull(downstreams, "downstreams"));
        for (String name : downstreams.keySet()) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "'" + name + "' (expected: a service name: lower-case letters, digits and dashes)");
            }
        }
    }

    /** The policies by name. */
    @JsonValue
    @Override
    public Map<String, PolicyConfig> downstreams() {
        return downstreams;
    }

    /** One downstream's policies: its entry, else the {@value #DEFAULT} entry, else the defaults. */
    public PolicyConfig of(String downstream) {
        PolicyConfig own = downstreams.get(downstream);
        if (own != null) {
            return own;
        }
        return downstreams.getOrDefault(DEFAULT, PolicyConfig.defaults());
    }
}
