package dev.chassis.core.internal.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigSection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The keys of every declared section, as one tree rooted above the section names. A dotted
 * section name such as {@code data.sources} nests under a group {@code data}; a section may also
 * nest under another section, provided the outer type has no key of that name.
 */
final class ConfigSchema {
    private final Schema.Keyed root;
    private final List<ConfigSection<?>> sections;

    private ConfigSchema(Schema.Keyed root, List<ConfigSection<?>> sections) {
        this.root = root;
        this.sections = sections;
    }

    /**
     * The schema of these sections.
     *
     * @throws ConfigException if two sections share a name or overlap, or a type cannot be bound
     */
    static ConfigSchema of(ObjectMapper mapper, Collection<? extends ConfigSection<?>> sections) {
        List<ConfigSection<?>> sorted = new ArrayList<>(sections);
        sorted.sort(Comparator.comparing(ConfigSection::name));
        TypeSchemas types = new TypeSchemas(mapper);
        Schema.Keyed root = new Schema.Keyed(null, Map.of());
        for (int i = 0; i < sorted.size(); i++) {
            ConfigSection<?> section = sorted.get(i);
            if (i > 0 && sorted.get(i - 1).name().equals(section.name())) {
                throw new ConfigException("section: '" + section.name() + "' is declared twice ("
                        + sorted.get(i - 1).type().getName() + " and "
                        + section.type().getName()
                        + ") (expected: one section per name)");
            }
            Schema schema = types.of(mapper.constructType(section.type()));
            root = insert(root, Keys.segments(section.name()), schema, section.name());
        }
        return new ConfigSchema(root, List.copyOf(sorted));
    }

    private static Schema.Keyed insert(Schema.Keyed node, List<String> path, Schema schema, String section) {
        String head = path.get(0);
        Schema existing = node.properties().get(head);
        Map<String, Schema> properties = new TreeMap<>(node.properties());
        if (path.size() > 1) {
            Schema.Keyed child = existing == null ? new Schema.Keyed(null, Map.of()) : keyed(existing, section);
            properties.put(head, insert(child, path.subList(1, path.size()), schema, section));
        } else if (existing == null) {
            properties.put(head, schema);
        } else if (existing instanceof Schema.Keyed group
                && group.type() == null
                && schema instanceof Schema.Keyed own) {
            Map<String, Schema> merged = new TreeMap<>(own.properties());
            group.properties().forEach((name, nested) -> {
                if (merged.putIfAbsent(name, nested) != null) {
                    throw overlap(section, name);
                }
            });
            properties.put(head, new Schema.Keyed(own.type(), merged));
        } else {
            throw overlap(section, head);
        }
        return new Schema.Keyed(node.type(), properties);
    }

    private static Schema.Keyed keyed(Schema existing, String section) {
        if (existing instanceof Schema.Keyed keyed) {
            return keyed;
        }
        throw overlap(section, section);
    }

    private static ConfigException overlap(String section, String key) {
        return new ConfigException("section: '" + section + "' overlaps the keys of another section at '" + key
                + "' (expected: a section name no other section uses as a key)");
    }

    /** The schema of every section, under the section names. */
    Schema.Keyed root() {
        return root;
    }

    /** The sections, sorted by name. */
    List<ConfigSection<?>> sections() {
        return sections;
    }

    /** The schema at a dotted key, or {@code null} when no such key is declared. */
    @Nullable
    Schema at(String key) {
        Schema node = root;
        for (String segment : Keys.segments(key)) {
            node = child(node, segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** The schema one segment below {@code node}, or {@code null} when there is none. */
    @Nullable
    static Schema child(Schema node, String segment) {
        if (node instanceof Schema.Keyed keyed) {
            return keyed.properties().get(segment);
        }
        if (node instanceof Schema.MapOf map) {
            return map.values();
        }
        if (node instanceof Schema.ListOf list && isIndex(segment)) {
            return list.elements();
        }
        return node instanceof Schema.Any ? node : null;
    }

    /** The names directly under a section that belong to sections nested in it. */
    Set<String> nestedSectionKeys(String section) {
        Set<String> keys = new TreeSet<>();
        for (ConfigSection<?> other : sections) {
            if (other.name().startsWith(section + ".")) {
                keys.add(Keys.segments(other.name().substring(section.length() + 1))
                        .get(0));
            }
        }
        return keys;
    }

    static boolean isIndex(String segment) {
        return !segment.isEmpty() && segment.length() < 10 && segment.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
