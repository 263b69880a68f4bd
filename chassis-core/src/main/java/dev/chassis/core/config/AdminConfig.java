package dev.chassis.core.config;

import dev.chassis.core.common.Checks;

/**
 * The operational endpoints: health, info (and the metrics endpoint other modules add), and
 * whether they are served on a separate admin port. Section {@code admin}.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code port}</td><td>-1</td><td>-1 serves admin routes on the main port; 0 binds an ephemeral admin port</td></tr>
 * <tr><td>{@code host}</td><td>{@code 0.0.0.0}</td><td>address the admin port binds</td></tr>
 * <tr><td>{@code live-path}</td><td>{@code /health/live}</td><td>liveness: 200 while the process is healthy</td></tr>
 * <tr><td>{@code ready-path}</td><td>{@code /health/ready}</td><td>readiness: 200 only while started, not stopping, and every readiness check is up</td></tr>
 * <tr><td>{@code health-path}</td><td>{@code /health}</td><td>every check, liveness and readiness</td></tr>
 * <tr><td>{@code info-path}</td><td>{@code /info}</td><td>name, version, commit, start time, Java version</td></tr>
 * <tr><td>{@code thread-dump-path}</td><td>{@code /admin/threaddump}</td><td>every thread's state and stack, as text</td></tr>
 * <tr><td>{@code config-path}</td><td>{@code /admin/config}</td><td>the effective configuration, each key with its source, secrets masked</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param port admin port, -1 for the main port
 * @param host address the admin port binds
 * @param livePath liveness path
 * @param readyPath readiness path
 * @param healthPath full health path
 * @param infoPath info path
 * @param threadDumpPath thread dump path
 * @param configPath effective configuration path
 */
public record AdminConfig(
        int port,
        String host,
        String livePath,
        String readyPath,
        String healthPath,
        String infoPath,
        String threadDumpPath,
        String configPath) {
    /** The {@code port} value that serves admin routes on the main port. */
    public static final int SAME_PORT = -1;

    /** The section this record binds. */
    public static final ConfigSection<AdminConfig> SECTION = ConfigSection.of("admin", AdminConfig.class, defaults());

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public AdminConfig {
        Checks.range("port", port, -1, 65_535);
        Checks.notBlank("host", host);
        Checks.path("live-path", livePath);
        Checks.path("ready-path", readyPath);
        Checks.path("health-path", healthPath);
        Checks.path("info-path", infoPath);
        Checks.path("thread-dump-path", threadDumpPath);
        Checks.path("config-path", configPath);
    }

    /** Whether admin routes have their own port. */
    public boolean separatePort() {
        return port != SAME_PORT;
    }

    /** The defaults listed above. */
    public static AdminConfig defaults() {
        return new AdminConfig(
                SAME_PORT,
                ServerConfig.DEFAULT_HOST,
                "/health/live",
                "/health/ready",
                "/health",
                "/info",
                "/admin/threaddump",
                "/admin/config");
    }
}
