package dev.chassis.core.config;

import dev.chassis.core.common.Checks;
import java.util.regex.Pattern;

/**
 * Who the service is: its name and version, shown in {@code /info}, logs, metrics and Consul.
 * Section {@code service}.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th></tr>
 * <tr><td>{@code name}</td><td>{@code service}</td></tr>
 * <tr><td>{@code version}</td><td>{@code unknown}</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the service name: letters, digits and dashes, as Consul and DNS want it
 * @param version the version being run
 */
public record ServiceConfig(String name, String version) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");

    /** Default {@code name}. */
    public static final String DEFAULT_NAME = "service";
    /** Default {@code version}. */
    public static final String DEFAULT_VERSION = "unknown";

    /** The section this record binds. */
    public static final ConfigSection<ServiceConfig> SECTION =
            ConfigSection.of("service", ServiceConfig.class, defaults());

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException if the name is not a DNS label or the version is blank
     */
    public ServiceConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name
                    + "' (expected: letters, digits and dashes, at most 63, not starting with a dash)");
        }
        Checks.notBlank("version", version);
    }

    /** The defaults listed above. */
    public static ServiceConfig defaults() {
        return new ServiceConfig(DEFAULT_NAME, DEFAULT_VERSION);
    }
}
