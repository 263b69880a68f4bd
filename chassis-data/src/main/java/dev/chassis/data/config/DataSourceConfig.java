package dev.chassis.data.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.common.Checks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One connection pool: where it connects, its size and timeouts, how it starts, and its schema
 * migrations. An entry of {@code data.sources}, such as {@code data.sources.main}; a key an entry
 * leaves out takes the default below.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code enabled}</td><td>true</td><td>false leaves the pool out (for {@code main}, whose entry always exists)</td></tr>
 * <tr><td>{@code url}</td><td>{@code jdbc:h2:mem:main;DB_CLOSE_DELAY=-1} for {@code main}; required for others</td><td>the JDBC URL; keep passwords out of it</td></tr>
 * <tr><td>{@code user}</td><td>empty</td><td>empty: none</td></tr>
 * <tr><td>{@code password}</td><td>empty</td><td>write {@code ${DB_PASSWORD}}; masked wherever configuration is printed, never logged</td></tr>
 * <tr><td>{@code properties}</td><td>{@code {}}</td><td>driver properties, such as {@code sslmode}</td></tr>
 * <tr><td>{@code maximum-pool-size}</td><td>10</td><td>connections at most</td></tr>
 * <tr><td>{@code minimum-idle}</td><td>-1</td><td>idle connections kept; -1 for {@code maximum-pool-size} (a fixed-size pool)</td></tr>
 * <tr><td>{@code connection-timeout}</td><td>5s</td><td>longest wait for a free connection; then a request is answered 503</td></tr>
 * <tr><td>{@code validation-timeout}</td><td>2s</td><td>longest check that a connection is alive; below {@code connection-timeout}</td></tr>
 * <tr><td>{@code idle-timeout}</td><td>10m</td><td>an idle connection above {@code minimum-idle} is closed after this; 0s never</td></tr>
 * <tr><td>{@code max-lifetime}</td><td>30m</td><td>connections are replaced after this; keep it below the database's and any proxy's limit</td></tr>
 * <tr><td>{@code keepalive-time}</td><td>2m</td><td>idle connections are checked this often, so firewalls do not drop them; 0s off</td></tr>
 * <tr><td>{@code leak-detection-threshold}</td><td>40s</td><td>a connection held longer is logged with the stack that took it; 0s off</td></tr>
 * <tr><td>{@code query-timeout}</td><td>0s</td><td>limit for statements outside requests; 0s none. Inside a request, statements end with the request's time</td></tr>
 * <tr><td>{@code health-timeout}</td><td>1s</td><td>the readiness check's wait for a connection and for its query</td></tr>
 * <tr><td>{@code health-query}</td><td>{@code SELECT 1}</td><td>the readiness check's query</td></tr>
 * <tr><td>{@code start-mode}</td><td>{@code fail-fast}</td><td>{@code fail-fast}: start-up fails when the database cannot be reached or a migration fails; {@code retry}: start not ready and keep trying</td></tr>
 * <tr><td>{@code start-retry-backoff}</td><td>1s</td><td>first pause between attempts in {@code retry} mode; doubles each time</td></tr>
 * <tr><td>{@code start-retry-max-backoff}</td><td>30s</td><td>longest pause between attempts</td></tr>
 * <tr><td>{@code migrations.enabled}</td><td>true</td><td>run Flyway migrations at start</td></tr>
 * <tr><td>{@code migrations.locations}</td><td>{@code []}</td><td>empty: {@code classpath:db/migration} for {@code main}, {@code classpath:db/<name>/migration} for others</td></tr>
 * </table>
 *
 * <p>The leak threshold sits above the default {@code server.request-timeout} (30s): a request
 * that uses its whole time is not reported, a connection still held after it has been answered
 * is. Instances are immutable and thread-safe. {@link #toString()} masks the
 * password.
 *
 * @param enabled whether the pool is created
 * @param url the JDBC URL
 * @param user the user, empty for none
 * @param password the password, empty for none
 * @param properties driver properties
 * @param maximumPoolSize connections at most
 * @param minimumIdle idle connections kept, -1 for {@code maximumPoolSize}
 * @param connectionTimeout longest wait for a connection
 * @param validationTimeout longest aliveness check
 * @param idleTimeout idle connections above the minimum close after this, zero never
 * @param maxLifetime connections are replaced after this, zero never
 * @param keepaliveTime idle connections are checked this often, zero never
 * @param leakDetectionThreshold connections held longer are reported, zero never
 * @param queryTimeout statement limit outside requests, zero none
 * @param healthTimeout the readiness check's time for a connection and for its query
 * @param healthQuery the readiness check's query
 * @param startMode what start-up does when the database cannot be reached
 * @param startRetryBackoff first pause between attempts in retry mode
 * @param startRetryMaxBackoff longest pause between attempts
 * @param migrations schema migrations
 */
public record DataSourceConfig(
        boolean enabled,
        String url,
        String user,
        String password,
        Map<String, String> properties,
        int maximumPoolSize,
        int minimumIdle,
        Duration connectionTimeout,
        Duration validationTimeout,
        Duration idleTimeout,
        Duration maxLifetime,
        Duration keepaliveTime,
        Duration leakDetectionThreshold,
        Duration queryTimeout,
        Duration healthTimeout,
        String healthQuery,
        StartMode startMode,
        Duration startRetryBackoff,
        Duration startRetryMaxBackoff,
        Migrations migrations) {

    /** Default {@code url}, for the source named {@code main}: an H2 database in memory. */
    public static final String DEFAULT_URL = "jdbc:h2:mem:main;DB_CLOSE_DELAY=-1";
    /** Default {@code maximum-pool-size}. */
    public static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;
    /** The {@code minimum-idle} value that means "as many as {@code maximum-pool-size}". */
    public static final int SAME_AS_MAXIMUM = -1;
    /** Default {@code connection-timeout}: well inside the request timeout, so overload is a quick 503. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** Default {@code validation-timeout}. */
    public static final Duration DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(2);
    /** Default {@code idle-timeout}. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** Default {@code max-lifetime}. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);
    /** Default {@code keepalive-time}. */
    public static final Duration DEFAULT_KEEPALIVE_TIME = Duration.ofMinutes(2);
    /** Default {@code leak-detection-threshold}: a little above the default request timeout. */
    public static final Duration DEFAULT_LEAK_DETECTION_THRESHOLD = Duration.ofSeconds(40);
    /** Default {@code health-timeout}. */
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(1);
    /** Default {@code health-query}. */
    public static final String DEFAULT_HEALTH_QUERY = "SELECT 1";
    /** Default {@code start-retry-backoff}. */
    public static final Duration DEFAULT_START_RETRY_BACKOFF = Duration.ofSeconds(1);
    /** Default {@code start-retry-max-backoff}. */
    public static final Duration DEFAULT_START_RETRY_MAX_BACKOFF = Duration.ofSeconds(30);

    private static final Duration HIKARI_SHORTEST_TIMEOUT = Duration.ofMillis(250);

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key, as {@code key: value (expected: ...)}
     */
    public DataSourceConfig {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("url: '" + (url == null ? null : JdbcUrls.redact(url))
                    + "' (expected: a JDBC URL such as jdbc:postgresql://host:5432/orders)");
        }
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        properties = Map.copyOf(requireNonNull(properties, "properties"));
        Checks.range("maximum-pool-size", maximumPoolSize, 1, 10_000);
        if (minimumIdle < SAME_AS_MAXIMUM || minimumIdle > maximumPoolSize) {
            throw new IllegalArgumentException("minimum-idle: " + minimumIdle
                    + " (expected: -1 for maximum-pool-size, or 0-" + maximumPoolSize + ")");
        }
        Checks.atLeast(
                "connection-timeout", requireNonNull(connectionTimeout, "connectionTimeout"), HIKARI_SHORTEST_TIMEOUT);
        Checks.atLeast(
                "validation-timeout", requireNonNull(validationTimeout, "validationTimeout"), HIKARI_SHORTEST_TIMEOUT);
        Checks.below("validation-timeout", validationTimeout, "connection-timeout", connectionTimeout);
        Checks.offOrAtLeast("idle-timeout", requireNonNull(idleTimeout, "idleTimeout"), Duration.ofSeconds(10));
        Checks.offOrAtLeast("max-lifetime", requireNonNull(maxLifetime, "maxLifetime"), Duration.ofSeconds(30));
        Checks.offOrAtLeast("keepalive-time", requireNonNull(keepaliveTime, "keepaliveTime"), Duration.ofSeconds(30));
        Checks.below("keepalive-time", keepaliveTime, "max-lifetime", maxLifetime);
        Checks.offOrAtLeast(
                "leak-detection-threshold",
                requireNonNull(leakDetectionThreshold, "leakDetectionThreshold"),
                Duration.ofSeconds(2));
        Checks.below("leak-detection-threshold", leakDetectionThreshold, "max-lifetime", maxLifetime);
        Checks.notNegative("query-timeout", requireNonNull(queryTimeout, "queryTimeout"));
        Checks.atLeast("health-timeout", requireNonNull(healthTimeout, "healthTimeout"), HIKARI_SHORTEST_TIMEOUT);
        Checks.notBlank("health-query", healthQuery);
        requireNonNull(startMode, "startMode");
        Checks.atLeast(
                "start-retry-backoff", requireNonNull(startRetryBackoff, "startRetryBackoff"), Duration.ofMillis(10));
        Checks.atLeast(
                "start-retry-max-backoff",
                requireNonNull(startRetryMaxBackoff, "startRetryMaxBackoff"),
                startRetryBackoff);
        requireNonNull(migrations, "migrations");
    }

    /**
     * The defaults listed above, with the H2 URL of {@code main}: the embedded default source. The
     * binder fills every entry of {@code data.sources} from it; another source must still name its
     * own URL ({@link DataConfig} refuses one that leaves it out).
     */
    public static DataSourceConfig defaults() {
        return embedded();
    }

    /** {@link #defaults()}: the embedded default source. */
    public static DataSourceConfig embedded() {
        return new DataSourceConfig(
                true,
                DEFAULT_URL,
                "",
                "",
                new LinkedHashMap<>(),
                DEFAULT_MAXIMUM_POOL_SIZE,
                SAME_AS_MAXIMUM,
                DEFAULT_CONNECTION_TIMEOUT,
                DEFAULT_VALIDATION_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_LIFETIME,
                DEFAULT_KEEPALIVE_TIME,
                DEFAULT_LEAK_DETECTION_THRESHOLD,
                Duration.ZERO,
                DEFAULT_HEALTH_TIMEOUT,
                DEFAULT_HEALTH_QUERY,
                StartMode.FAIL_FAST,
                DEFAULT_START_RETRY_BACKOFF,
                DEFAULT_START_RETRY_MAX_BACKOFF,
                Migrations.defaults());
    }

    /** The idle connections Hikari keeps: {@code minimum-idle}, or the maximum for -1. */
    public int effectiveMinimumIdle() {
        return minimumIdle == SAME_AS_MAXIMUM ? maximumPoolSize : minimumIdle;
    }

    /** The values, with the password masked and the URL's password parts masked. */
    @Override
    public String toString() {
        return "DataSourceConfig[url=" + JdbcUrls.redact(url) + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "******") + ", maximumPoolSize=" + maximumPoolSize + ", minimumIdle="
                + minimumIdle + ", connectionTimeout=" + connectionTimeout + ", startMode=" + startMode + "]";
    }

    /** What start-up does when the database cannot be reached or a migration fails. */
    public enum StartMode {
        /** Start-up fails with the reason. */
        FAIL_FAST,
        /** The service starts with this source not ready, and keeps trying with backoff. */
        RETRY;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Flyway schema migrations, run when the pool first connects: key {@code migrations} of a
     * source.
     *
     * @param enabled whether migrations run
     * @param locations where migrations are found ({@code classpath:...} or {@code filesystem:...});
     *     empty for the source's default
     */
    public record Migrations(boolean enabled, List<String> locations) {
        /**
         * Validates the values.
         *
         * @throws IllegalArgumentException if a location is blank
         */
        public Migrations {
            locations = List.copyOf(requireNonNull(locations, "locations"));
            for (String location : locations) {
                Checks.notBlank("locations", location);
            }
        }

        /** Enabled, from the source's default location. */
        public static Migrations defaults() {
            return new Migrations(true, List.of());
        }

        /** The locations for a source of this name: as configured, or its default. */
        public List<String> locationsFor(String source) {
            if (!locations.isEmpty()) {
                return locations;
            }
            return List.of(
                    DataConfig.DEFAULT_SOURCE.equals(source)
                            ? "classpath:db/migration"
                            : "classpath:db/" + source + "/migration");
        }
    }
}
