package dev.chassis.core.internal.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.config.ConfigSource;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Merges the layers of a {@link Config} and binds them to sections, collecting every problem.
 *
 * <p>The steps: work out the keys of every section ({@link ConfigSchema}); write each section's
 * defaults as the lowest layer; read each source into a layer ({@link YamlLayerReader},
 * {@link FlatLayerReader}, {@link EnvironmentLayerReader}), replace {@code ${VAR}}s
 * ({@link Substitution}), check its keys and shapes ({@link ShapeCheck}) and merge it on top
 * ({@link MergedTree}); read every value as its key's type ({@link ValueCheck}); bind each section
 * ({@link SectionBinder}). Problems from every step are reported together at the end.
 */
public final class ConfigBinder {
    private ConfigBinder() {}

    /**
     * The bound sections by name, and the effective configuration as YAML with secrets masked.
     *
     * @param values the bound value of each section, by section name
     * @param description the effective configuration as YAML, for logging
     * @param origins the source that set each value, by key ({@code defaults} for a default)
     */
    record Result(Map<String, Object> values, String description, SortedMap<String, String> origins) {
        /** Copies the values. */
        public Result {
            values = Map.copyOf(values);
            origins = Collections.unmodifiableSortedMap(new TreeMap<>(origins));
        }

        /** Every effective key with its value and source, one per line; secrets masked. */
        public String listing() {
            return ConfigDescription.listing(ConfigMapper.get(), values, origins);
        }

        /** Every effective key with its value as text, secrets unmasked. */
        public SortedMap<String, String> flat() {
            return ConfigDescription.flat(ConfigMapper.get(), values);
        }

        /**
         * The source that set the value at a key, as problems name it; empty when no layer did
         * and the default applies. For a key with keys under it, the sources of the values under it.
         */
        public Optional<String> sourceOf(String key) {
            String source = MergedTree.sourceOf(origins, key);
            return source.equals(MergedTree.DEFAULTS) ? Optional.empty() : Optional.of(source);
        }
    }

    /**
     * Binds every section.
     *
     * @throws ConfigException listing every problem, sorted by key; or naming the two sections that
     *     share a name; or naming a YAML source that cannot be parsed
     */
    public static BoundConfig bind(Config config, Collection<? extends ConfigSection<?>> sections) {
        requireNonNull(config, "config");
        requireNonNull(sections, "sections");
        return new BoundValues(config, result(config, sections));
    }

    static Result result(Config config, Collection<? extends ConfigSection<?>> sections) {
        ObjectMapper mapper = ConfigMapper.get();
        ConfigSchema schema = ConfigSchema.of(mapper, sections);
        Problems problems = new Problems();
        ShapeCheck shapes = new ShapeCheck(schema, problems);
        Substitution substitution = new Substitution(config.environment(), problems);

        Layer defaults = Layer.defaults(defaultsTree(mapper, schema.sections()));
        shapes.apply(defaults);
        JsonNode defaultValues = defaults.tree().deepCopy();
        MergedTree merged = new MergedTree();
        merged.merge(defaults);
        for (ConfigSource source : config.sources()) {
            Layer layer = read(source, schema, problems);
            substitution.apply(layer);
            shapes.apply(layer);
            merged.merge(layer);
        }
        new EntryDefaults(mapper).apply(merged.tree(), schema.root());
        new ValueCheck(mapper, problems).apply(merged, defaultValues, schema.root());

        SectionBinder binder = new SectionBinder(mapper, schema, merged, problems);
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigSection<?> section : schema.sections()) {
            Object value = binder.bind(section);
            if (value != null) {
                values.put(section.name(), value);
            }
        }
        problems.throwIfAny();
        return new Result(values, ConfigDescription.describe(mapper, values), merged.origins());
    }

    private static Layer read(ConfigSource source, ConfigSchema schema, Problems problems) {
        return switch (source.kind()) {
            case TREE -> YamlLayerReader.read(source);
            case PROPERTIES, SYSTEM_PROPERTIES, OPTIONAL_PROPERTIES -> FlatLayerReader.read(source, schema, problems);
            case ENVIRONMENT -> EnvironmentLayerReader.read(source, schema, problems);
        };
    }

    private static ObjectNode defaultsTree(ObjectMapper mapper, List<ConfigSection<?>> sections) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (ConfigSection<?> section : sections) {
            Trees.putSection(root, section.name(), mapper.valueToTree(section.defaults()));
        }
        return root;
    }
}
