package dev.chassis.discovery.config;

import dev.chassis.core.common.Checks;

/**
 * Configuration from Consul KV, under {@code discovery.consul.kv}: a layer read at start from the
 * keys under a prefix, placed between the file layers and the environment (environment variables
 * and system properties still win).
 *
 * <p>A key's path below the prefix, with slashes as dots, is the configuration key, and its value
 * is the raw text: {@code config/orders/clients/accounts/response-timeout = 2s} sets
 * {@code clients.accounts.response-timeout}. With {@code watch} the prefix is watched with
 * blocking queries; a change is bound and validated together with every other layer and applied
 * only when valid. An invalid change is refused and logged, and the running configuration stays.
 * Log levels, client timeouts and static instances, and resilience policies follow changes;
 * everything else is read at start and needs a restart.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code enabled}</td><td>false</td><td>read the layer (when {@code discovery.consul.enabled})</td></tr>
 * <tr><td>{@code prefix}</td><td>empty</td><td>the KV prefix; empty is {@code config/<service.name>/}</td></tr>
 * <tr><td>{@code watch}</td><td>true</td><td>apply changes while the service runs</td></tr>
 * <tr><td>{@code fail-start-on-error}</td><td>true</td><td>fail start-up when the prefix cannot be read; false starts without the layer (and applies it once the agent answers, with {@code watch})</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param enabled whether to read the layer
 * @param prefix the KV prefix, empty for {@code config/<service.name>/}
 * @param watch whether changes are applied while running
 * @param failStartOnError whether an unreadable prefix fails start-up
 */
public record KvConfig(boolean enabled, String prefix, boolean watch, boolean failStartOnError) {
    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException if the prefix starts with a slash or does not end with one
     */
    public KvConfig {
        Checks.notNull("prefix", prefix);
        if (!prefix.isEmpty() && (prefix.startsWith("/") || !prefix.endsWith("/"))) {
            throw new IllegalArgumentException(
                    "prefix: '" + prefix + "' (expected: empty, or a path ending with / and not starting with one)");
        }
    }

    /** The defaults listed above. */
    public static KvConfig defaults() {
        return new KvConfig(false, "", true, true);
    }

    /** The prefix to read: the configured one, or {@code config/<service>/}. */
    public String prefixFor(String serviceName) {
        return prefix.isEmpty() ? "config/" + serviceName + "/" : prefix;
    }
}
