package dev.chassis.core.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.config.ConfigSection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The clients section, {@code clients}: settings by downstream name.
 *
 * <pre>{@code
 * clients:
 *   accounts:
 *     urls: [http://localhost:8081, http://localhost:8082]
 *     response-timeout: 2s
 * }</pre>
 *
 * <p>A downstream without an entry uses {@link ClientConfig#defaults()}. Immutable.
 *
 * @param clients settings by downstream name
 */
public record ClientsConfig(Map<String, ClientConfig> clients) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final ClientConfig DEFAULTS = ClientConfig.defaults();

    /** The section this record binds. */
    public static final ConfigSection<ClientsConfig> SECTION =
            ConfigSection.of("clients", ClientsConfig.class, new ClientsConfig(Map.of()));

    /**
     * Validates the names.
     *
     * @throws IllegalArgumentException if a name is not a lower-case service name
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ClientsConfig {
        clients = Map.copyOf(requireNonNull(clients, "clients"));
        for (String name : clients.keySet()) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "'" + name + "' (expected: a service name: lower-case letters, digits and dashes)");
            }
        }
    }

    /** The settings by name. */
    @JsonValue
    @Override
    public Map<String, ClientConfig> clients() {
        return clients;
    }

    /** One downstream's settings, or the defaults. */
    public ClientConfig of(String downstream) {
        ClientConfig own = clients.get(downstream);
        return own != null ? own : DEFAULTS;
    }
}
