package dev.chassis.core.internal.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chassis.core.config.ConfigSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Binds one section from the merged tree. A record that rejects its values in its compact
 * constructor, with a message such as {@code port: 70000 (expected: 0-65535)}, is reported at
 * the key the message starts with ({@code server.port}), else at the record's own key. It is not
 * reported when a value at that key (or under the record) was already reported and set aside: the
 * record's complaint would be about the gap.
 */
final class SectionBinder {
    private static final Pattern LEADING_NAME = Pattern.compile("([A-Za-z][A-Za-z0-9-]*)(?::.*)?", Pattern.DOTALL);
    private static final Pattern LEADING_PATH =
            Pattern.compile("([A-Za-z][A-Za-z0-9-]*(?:\\.[A-Za-z0-9_-]+)+): .*", Pattern.DOTALL);

    private final ObjectMapper mapper;
    private final ConfigSchema schema;
    private final MergedTree merged;
    private final Problems problems;

    SectionBinder(ObjectMapper mapper, ConfigSchema schema, MergedTree merged, Problems problems) {
        this.mapper = mapper;
        this.schema = schema;
        this.merged = merged;
        this.problems = problems;
    }

    /** The bound value, or {@code null} after reporting why the section cannot be bound. */
    @Nullable
    <T> T bind(ConfigSection<T> section) {
        List<String> path = Keys.segments(section.name());
        JsonNode node = Trees.at(merged.tree(), path);
        Set<String> nested = schema.nestedSectionKeys(section.name());
        if (node instanceof ObjectNode object && !nested.isEmpty()) {
            node = object.deepCopy().without(nested);
        }
        try {
            return mapper.treeToValue(node, section.type());
        } catch (JsonMappingException e) {
            report(path, e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            problems.add(section.name(), null, merged.sourceOf(section.name()), String.valueOf(e.getMessage()));
        }
        return null;
    }

    private void report(List<String> sectionPath, JsonMappingException e) {
        List<String> path = new ArrayList<>(sectionPath);
        for (JsonMappingException.Reference reference : e.getPath()) {
            path.add(
                    reference.getFieldName() != null
                            ? reference.getFieldName()
                            : Integer.toString(reference.getIndex()));
        }
        Throwable cause = e.getCause() instanceof RuntimeException rejected ? rejected : e;
        String message = cause instanceof JsonMappingException mapping
                ? mapping.getOriginalMessage()
                : String.valueOf(cause.getMessage());
        String nested = nestedKey(String.join(".", path), message);
        String component = nested == null ? component(String.join(".", path), message) : null;
        if (nested != null) {
            path.addAll(Keys.segments(nested));
            message = message.substring(nested.length() + 2);
        }
        if (component != null) {
            path.add(component);
            if (cause instanceof NullPointerException) {
                message = "missing value (expected: a value for " + component + ")";
            }
        }
        String key = String.join(".", path);
        if (problems.setAsideUnder(key)) {
            return;
        }
        JsonNode value = Trees.at(merged.tree(), path);
        problems.add(key, Trees.text(value), merged.sourceOf(key), message);
    }

    /**
     * The dotted key under the record that a message starts with ({@code sources.reports.url: ...}),
     * when its first segment is a component of the record: a check of a whole section about one
     * of its entries.
     */
    @Nullable
    private String nestedKey(String key, String message) {
        Matcher m = LEADING_PATH.matcher(message);
        if (!m.matches() || !(schema.at(key) instanceof Schema.Keyed keyed)) {
            return null;
        }
        String first = m.group(1).substring(0, m.group(1).indexOf('.'));
        return keyed.properties().containsKey(first) ? m.group(1) : null;
    }

    /** The key of the record's component that a message starts with, if any. */
    @Nullable
    private String component(String key, String message) {
        Matcher m = LEADING_NAME.matcher(message);
        if (!(schema.at(key) instanceof Schema.Keyed keyed) || !m.matches()) {
            return null;
        }
        String name = m.group(1);
        if (keyed.properties().containsKey(name)) {
            return name;
        }
        String kebab = new PropertyNamingStrategies.KebabCaseStrategy().translate(name);
        return keyed.properties().containsKey(kebab) ? kebab : null;
    }
}
