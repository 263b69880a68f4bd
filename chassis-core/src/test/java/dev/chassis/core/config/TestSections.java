package dev.chassis.core.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Sections the tests bind besides the chassis' own: a map of downstreams and one with secrets. */
final class TestSections {
    static final ConfigSection<Clients> CLIENTS = ConfigSection.of("clients", Clients.class, new Clients(Map.of()));

    static final ConfigSection<Database> DATABASE =
            ConfigSection.of("data.primary", Database.class, new Database("jdbc:h2:mem:test", "sa", "", Map.of()));

    static final List<ConfigSection<?>> ALL = List.of(
            ServerConfig.SECTION,
            ServiceConfig.SECTION,
            AdminConfig.SECTION,
            LifecycleConfig.SECTION,
            CLIENTS,
            DATABASE);

    private TestSections() {}

    /** One downstream service. */
    record Downstream(List<String> urls, Duration timeout) {
        Downstream {
            requireNonNull(urls, "urls");
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("urls: [] (expected: at least one URL)");
            }
            urls = List.copyOf(urls);
            timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
        }
    }

    /** Downstreams by name: the section is the map itself. */
    record Clients(Map<String, Downstream> downstreams) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        Clients {
            for (String name : downstreams.keySet()) {
                if (name.contains("_")) {
                    throw new IllegalArgumentException(
                            "downstream name '" + name + "' has an underscore (expected: dashes, as in service names)");
                }
            }
            downstreams = Map.copyOf(downstreams);
        }

        @JsonValue
        @Override
        public Map<String, Downstream> downstreams() {
            return downstreams;
        }
    }

    /** A connection pool with a secret; {@code user} may be null. */
    record Database(String url, String user, String password, Map<String, String> properties) {
        Database {
            if (!url.startsWith("jdbc:")) {
                throw new IllegalArgumentException("url: '" + url + "' (expected: jdbc:...)");
            }
        }
    }
}
