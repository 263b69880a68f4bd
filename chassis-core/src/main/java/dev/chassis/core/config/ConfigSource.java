package dev.chassis.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * One layer of configuration. Layers are applied in order and later layers win.
 *
 * <table>
 * <caption>Kinds of layer</caption>
 * <tr><th>factory</th><th>keys</th><th>unknown keys</th></tr>
 * <tr><td>{@link #yaml}, {@link #file}, {@link #classpath}</td><td>a YAML tree</td><td>fail</td></tr>
 * <tr><td>{@link #properties}</td><td>dotted keys: {@code server.port}</td><td>fail</td></tr>
 * <tr><td>{@link #environment}</td><td>{@code CHASSIS_SERVER_PORT}, {@code CHASSIS_SERVER_MAX_CONTENT_LENGTH}
 * (matched against the sections' keys; dashes and dots both become underscores)</td><td>fail for
 * {@code CHASSIS_} names only</td></tr>
 * <tr><td>{@link #systemProperties}</td><td>dotted keys</td><td>ignored unless the first segment
 * names a section</td></tr>
 * </table>
 *
 * <p>Layers merge key by key: a mapping adds to or overrides the keys below it, while a single
 * value or a list replaces what was below it. An explicit YAML {@code null} sets the key to
 * {@code null} (which a record may reject); an empty or {@code null} section sets no key.
 *
 * <p>Flat sources give every value as text. A list is given comma-separated
 * ({@code clients.orders.urls=http://a,http://b}) or by index ({@code clients.orders.urls.0},
 * {@code CHASSIS_CLIENTS_ORDERS_URLS_0}), indexes from 0 without gaps. Under a map of records an
 * environment variable's map key is the fewest words that leave a known key
 * ({@code CHASSIS_CLIENTS_ORDER_SERVICE_URLS} sets {@code clients.order-service.urls}); under a map
 * of values it is every remaining word.
 *
 * <p>String values of every layer may use {@code ${VAR}} and {@code ${VAR:-default}}, replaced from
 * the environment; the default applies when the variable is unset or empty, and {@code $${} writes
 * a literal {@code ${}. Instances are immutable and thread-safe.
 */
public final class ConfigSource {
    /** How a source's keys are read. */
    public enum Kind {
        /** A YAML or JSON tree. */
        TREE,
        /** Flat dotted keys, every one of which must be known. */
        PROPERTIES,
        /** Environment variables with the {@code CHASSIS_} prefix. */
        ENVIRONMENT,
        /** JVM system properties; only those under a known section are read. */
        SYSTEM_PROPERTIES,
        /**
         * Flat dotted keys offered by a tool for whichever sections exist: keys under sections that
         * are not declared are ignored; under declared ones they must be known.
         */
        OPTIONAL_PROPERTIES
    }

    private final String name;
    private final Kind kind;
    private final String text;
    private final Map<String, String> values;

    private ConfigSource(String name, Kind kind, String text, Map<String, String> values) {
        this.name = requireNonNull(name, "name");
        this.kind = kind;
        this.text = text;
        this.values = Map.copyOf(values);
    }

    /**
     * A YAML document given as text.
     *
     * @param name how messages name this source, e.g. {@code "test overrides"}
     */
    public static ConfigSource yaml(String name, String yaml) {
        return new ConfigSource(name, Kind.TREE, requireNonNull(yaml, "yaml"), Map.of());
    }

    /**
     * A YAML file, read when the configuration is loaded.
     *
     * @throws ConfigException if the file cannot be read
     */
    public static ConfigSource file(Path path) {
        requireNonNull(path, "path");
        return new ConfigSource("file " + path, Kind.TREE, Sources.readFile(path), Map.of());
    }

    /**
     * A YAML resource on the class path, or an empty layer when there is none.
     *
     * @param resource for example {@code "application.yaml"}
     */
    public static ConfigSource classpath(String resource) {
        requireNonNull(resource, "resource");
        return new ConfigSource("classpath:" + resource, Kind.TREE, Sources.readResource(resource), Map.of());
    }

    /** Flat dotted keys such as {@code server.port}; every key must be known. */
    public static ConfigSource properties(String name, Map<String, String> values) {
        return new ConfigSource(name, Kind.PROPERTIES, "", requireNonNull(values, "values"));
    }

    /** Environment variables; only names starting with {@code CHASSIS_} are configuration. */
    public static ConfigSource environment(Map<String, String> environment) {
        return new ConfigSource("environment", Kind.ENVIRONMENT, "", requireNonNull(environment, "environment"));
    }

    /** System properties whose first segment names a configuration section. */
    public static ConfigSource systemProperties(Map<String, String> properties) {
        return new ConfigSource(
                "system properties", Kind.SYSTEM_PROPERTIES, "", requireNonNull(properties, "properties"));
    }

    /**
     * Flat dotted keys applied only where their section is declared, such as test support's
     * defaults ({@code observability.tracing.exporter} for a service that may not have that
     * module).
     */
    public static ConfigSource optionalProperties(String name, Map<String, String> values) {
        return new ConfigSource(name, Kind.OPTIONAL_PROPERTIES, "", requireNonNull(values, "values"));
    }

    /** How messages name this source. */
    public String name() {
        return name;
    }

    /** How this source's keys are read. */
    public Kind kind() {
        return kind;
    }

    /** The YAML text of a {@link Kind#TREE} source; empty for the others. */
    public String text() {
        return text;
    }

    /** The flat values of the other kinds; empty for {@link Kind#TREE}. */
    public Map<String, String> values() {
        return values;
    }

    @Override
    public String toString() {
        return name;
    }
}
