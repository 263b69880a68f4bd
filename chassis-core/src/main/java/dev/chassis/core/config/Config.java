package dev.chassis.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration sources of a service, in order, later layers winning. Binding to typed
 * sections happens in {@link BoundConfig}, once every module has declared its sections.
 *
 * <p>{@link #load(String...)} gives the standard layers:
 * <ol>
 *   <li>defaults in the jar (each {@link ConfigSection}'s defaults);
 *   <li>{@code application.yaml} on the class path;
 *   <li>a file named by {@code --config <path>} or {@code --config=<path>};
 *   <li>layers {@link ConfigLayerProvider}s fetch at start, such as Consul KV;
 *   <li>the environment: {@code CHASSIS_SERVER_PORT} sets {@code server.port};
 *   <li>system properties: {@code -Dserver.port=8080}.
 * </ol>
 *
 * <p>{@code --help} and {@code --print-config} ask {@code Service.run()} to print the usage, or
 * the effective configuration with each key's source, and exit instead of starting
 * ({@link #action()}).
 *
 * <pre>{@code
 * Config config = Config.load(args);
 * Config forTests = Config.builder().yaml("test", "server.port: 0").build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Config {
    /** The class-path resource read by {@link #load(String...)}. */
    public static final String APPLICATION_YAML = "application.yaml";

    /** The command line's usage, as {@code --help} prints it. */
    public static final String USAGE = """
            Usage: java -jar <service>.jar [--config <file>] [--print-config] [--conformance] [--help]

              --config <file>   a YAML file layered over the jar's application.yaml
              --print-config    print the effective configuration, each key with the source
                                that set it (secrets masked), and exit
              --conformance     print the chassis version, the endpoints, each standard feature
                                on or off with the key that decides it, and exit
              --help            print this and exit

            Configuration is layered, later layers winning: each key's default, application.yaml
            in the jar, the --config file, Consul KV (when discovery's KV is enabled), environment
            variables (CHASSIS_SERVER_PORT sets server.port), system properties
            (-Dserver.port=8080). An unknown or ill-typed key stops start-up with its name and
            source.
            """;

    /** What the command line asks for. */
    public enum Action {
        /** Start the service. */
        RUN,
        /** Print {@link #USAGE} and exit. */
        HELP,
        /** Print the effective configuration with each key's source and exit. */
        PRINT_CONFIG,
        /** Print the conformance report (chassis version, endpoints, standard features) and exit. */
        CONFORMANCE
    }

    private final List<ConfigSource> sources;
    private final Map<String, String> environment;
    private final Action action;

    private Config(List<ConfigSource> sources, Map<String, String> environment, Action action) {
        this.sources = List.copyOf(sources);
        this.environment = Map.copyOf(environment);
        this.action = action;
    }

    /**
     * Loads the standard layers for a service started with these command-line arguments.
     *
     * @throws ConfigException if an argument is not understood or the named file cannot be read
     */
    public static Config load(String... args) {
        requireNonNull(args, "args");
        Builder builder = builder().classpath(APPLICATION_YAML);
        for (int i = 0; i < args.length; i++) {
            String arg = requireNonNull(args[i], "args[" + i + "]");
            if (arg.equals("--config")) {
                if (i + 1 == args.length) {
                    throw new ConfigException("--config needs a file path (expected: --config <path>)");
                }
                builder.file(Path.of(args[++i]));
            } else if (arg.startsWith("--config=")) {
                builder.file(Path.of(arg.substring("--config=".length())));
            } else if (arg.equals("--help") || arg.equals("-h")) {
                builder.action(Action.HELP);
            } else if (arg.equals("--print-config")) {
                builder.action(Action.PRINT_CONFIG);
            } else if (arg.equals("--conformance")) {
                builder.action(Action.CONFORMANCE);
            } else {
                throw new ConfigException(
                        "unknown argument: '" + arg
                                + "' (expected: --config <path>, --print-config, --conformance or --help; set keys with -Dkey=value)");
            }
        }
        return builder.environment(System.getenv())
                .systemProperties(System.getProperties())
                .build();
    }

    /** A configuration with no layer: every section takes its defaults. */
    public static Config defaults() {
        return builder().build();
    }

    /** A builder for tests and for services that assemble their own layers. */
    public static Builder builder() {
        return new Builder();
    }

    /** The layers, lowest first. */
    public List<ConfigSource> sources() {
        return sources;
    }

    /** The variables that {@code ${VAR:-default}} reads. */
    public Map<String, String> environment() {
        return environment;
    }

    /** What the command line asked for: {@link Action#RUN} unless {@code --help}, {@code --print-config} or {@code --conformance}. */
    public Action action() {
        return action;
    }

    /**
     * A copy with one more layer on top, for example overrides in a test.
     */
    public Config with(ConfigSource source) {
        List<ConfigSource> more = new ArrayList<>(sources);
        more.add(requireNonNull(source, "source"));
        return new Config(more, environment, action);
    }

    /**
     * A copy with layers placed where fetched layers belong: after the file layers, before the
     * environment and system properties.
     */
    public Config withRemote(List<ConfigSource> remote) {
        List<ConfigSource> more = new ArrayList<>();
        int at = sources.size();
        for (int i = 0; i < sources.size(); i++) {
            ConfigSource.Kind kind = sources.get(i).kind();
            if (kind == ConfigSource.Kind.ENVIRONMENT || kind == ConfigSource.Kind.SYSTEM_PROPERTIES) {
                at = i;
                break;
            }
        }
        more.addAll(sources.subList(0, at));
        more.addAll(requireNonNull(remote, "remote"));
        more.addAll(sources.subList(at, sources.size()));
        return new Config(more, environment, action);
    }

    @Override
    public String toString() {
        return "Config" + sources;
    }

    /** Builds a {@link Config}. Not thread-safe. */
    public static final class Builder {
        private final List<ConfigSource> sources = new ArrayList<>();
        private Map<String, String> environment = Map.of();
        private Action action = Action.RUN;

        private Builder() {}

        /** Sets what the service is asked to do; {@link Action#RUN} by default. */
        public Builder action(Action action) {
            this.action = requireNonNull(action, "action");
            return this;
        }

        /** Adds a layer on top of those added so far. */
        public Builder source(ConfigSource source) {
            sources.add(requireNonNull(source, "source"));
            return this;
        }

        /** Adds a YAML layer given as text. */
        public Builder yaml(String name, String yaml) {
            return source(ConfigSource.yaml(name, yaml));
        }

        /** Adds a class-path YAML resource, if present. */
        public Builder classpath(String resource) {
            return source(ConfigSource.classpath(resource));
        }

        /** Adds a YAML file. */
        public Builder file(Path path) {
            return source(ConfigSource.file(path));
        }

        /** Adds flat dotted keys, such as test overrides. */
        public Builder properties(String name, Map<String, String> values) {
            return source(ConfigSource.properties(name, values));
        }

        /**
         * Adds the environment as a layer ({@code CHASSIS_*} variables) and uses it for
         * {@code ${VAR:-default}} substitution.
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(requireNonNull(environment, "environment"));
            return source(ConfigSource.environment(environment));
        }

        /** Uses these variables for {@code ${VAR:-default}} substitution without adding a layer. */
        public Builder substitutionVariables(Map<String, String> variables) {
            this.environment = Map.copyOf(requireNonNull(variables, "variables"));
            return this;
        }

        /** Adds system properties as a layer. */
        public Builder systemProperties(Properties properties) {
            requireNonNull(properties, "properties");
            Map<String, String> values = new HashMap<>();
            for (String name : properties.stringPropertyNames()) {
                values.put(name, properties.getProperty(name));
            }
            return source(ConfigSource.systemProperties(values));
        }

        /** Builds the configuration. */
        public Config build() {
            return new Config(sources, environment, action);
        }
    }
}
