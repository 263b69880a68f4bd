package dev.chassis.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Gives each entry of a map its value type's defaults, when the type has a public static
 * {@code defaults()}: so {@code clients.accounts.urls: [...]} alone is a complete entry, the other
 * keys of {@code accounts} taking {@code ClientConfig.defaults()}. Keys an entry sets win; an
 * entry that is not an object is left for the checks to report. Not thread-safe; one per binding.
 */
final class EntryDefaults {
    private final ObjectMapper mapper;
    private final Map<Class<?>, @Nullable JsonNode> defaults = new HashMap<>();

    EntryDefaults(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Fills the entries of every map under the schema's nodes, in place. */
    void apply(JsonNode tree, Schema schema) {
        if (schema instanceof Schema.Keyed keyed && tree instanceof ObjectNode object) {
            keyed.properties().forEach((name, child) -> {
                JsonNode value = object.get(name);
                if (value != null) {
                    apply(value, child);
                }
            });
        } else if (schema instanceof Schema.MapOf map && tree instanceof ObjectNode object) {
            JsonNode entryDefaults = map.values() instanceof Schema.Keyed keyed && keyed.type() != null
                    ? defaultsOf(keyed.type().getRawClass())
                    : null;
            object.properties().forEach(e -> {
                if (entryDefaults != null && e.getValue() instanceof ObjectNode entry) {
                    fill(entry, entryDefaults);
                }
                apply(e.getValue(), map.values());
            });
        }
    }

    private static void fill(ObjectNode entry, JsonNode defaults) {
        defaults.properties().forEach(d -> {
            JsonNode own = entry.get(d.getKey());
            if (own == null) {
                entry.set(d.getKey(), d.getValue().deepCopy());
            } else if (own instanceof ObjectNode ownObject && d.getValue().isObject()) {
                fill(ownObject, d.getValue());
            }
        });
    }

    private @Nullable JsonNode defaultsOf(Class<?> type) {
        return defaults.computeIfAbsent(type, t -> {
            try {
                Method m = t.getMethod("defaults");
                if (!Modifier.isStatic(m.getModifiers()) || !t.isAssignableFrom(m.getReturnType())) {
                    return null;
                }
                return mapper.valueToTree(m.invoke(null));
            } catch (NoSuchMethodException e) {
                return null;
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot read " + t.getName() + ".defaults()", e);
            }
        });
    }
}
