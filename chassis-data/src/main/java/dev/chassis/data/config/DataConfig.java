package dev.chassis.data.config;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.common.Durations;
import dev.chassis.core.config.ConfigSection;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The service's databases. Section {@code data}.
 *
 * <pre>{@code
 * data:
 *   sources:
 *     main:
 *       url: jdbc:postgresql://db:5432/orders
 *       user: orders
 *       password: ${DB_PASSWORD}
 *     reports:
 *       url: jdbc:postgresql://replica:5432/orders
 *       maximum-pool-size: 4
 * }</pre>
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code sources}</td><td>{@code main} on H2 in memory</td><td>pools by name; each entry is a {@link DataSourceConfig}</td></tr>
 * <tr><td>{@code retry-after}</td><td>1s</td><td>{@code Retry-After} of the 503 answered when no connection is free in time</td></tr>
 * </table>
 *
 * <p>The entry {@code main} always exists: with nothing configured it is an H2 database in memory,
 * so a service runs with nothing installed; setting {@code data.sources.main.url} moves it to a
 * real database. Source names are lower-case words with dashes. Instances are immutable and
 * thread-safe.
 *
 * @param sources the pools by name, sorted by name
 * @param retryAfter {@code Retry-After} of the 503 for a pool that had no free connection
 */
public record DataConfig(Map<String, DataSourceConfig> sources, Duration retryAfter) {
    /** The name of the source the module binds as the plain {@code DataSource}: {@code main}. */
    public static final String DEFAULT_SOURCE = "main";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    /** Default {@code retry-after}. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    /** The section this record binds. */
    public static final ConfigSection<DataConfig> SECTION = ConfigSection.of("data", DataConfig.class, defaults());

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException if a source's name is not lower-case words with dashes, or
     *     {@code retry-after} is not positive
     */
    public DataConfig {
        requireNonNull(sources, "sources");
        for (String name : sources.keySet()) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "sources: '" + name
                                + "' is not a valid source name (expected: lower-case letters, digits and dashes, such as reports-replica)");
            }
        }
        for (Map.Entry<String, DataSourceConfig> e : sources.entrySet()) {
            // Every entry is filled from DataSourceConfig.defaults(), whose URL is main's H2
            // database: another source that names no URL of its own is refused, not given it.
            if (!e.getKey().equals(DEFAULT_SOURCE) && e.getValue().url().equals(DataSourceConfig.DEFAULT_URL)) {
                throw new IllegalArgumentException("sources." + e.getKey() + ".url: only source " + DEFAULT_SOURCE
                        + " has a default URL (expected: a JDBC URL of its own, such as"
                        + " jdbc:postgresql://host:5432/orders)");
            }
        }
        sources = Collections.unmodifiableMap(new TreeMap<>(sources));
        requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retry-after: " + Durations.format(retryAfter) + " (expected: > 0s)");
        }
    }

    /** The defaults: source {@code main} on H2 in memory, {@code retry-after} 1s. */
    public static DataConfig defaults() {
        return new DataConfig(Map.of(DEFAULT_SOURCE, DataSourceConfig.embedded()), DEFAULT_RETRY_AFTER);
    }
}
