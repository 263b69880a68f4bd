package dev.chassis.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in the string values of a layer. As in the
 * shell, the default applies when the variable is unset or empty. {@code $${} gives a literal
 * {@code ${}. A replaced value is not scanned again. A value that cannot be replaced is reported
 * and removed from its layer, so the layers below it show through.
 */
final class Substitution {
    private final Map<String, String> variables;
    private final Problems problems;

    Substitution(Map<String, String> variables, Problems problems) {
        this.variables = variables;
        this.problems = problems;
    }

    /** Replaces the variables in every string value of the layer. */
    void apply(Layer layer) {
        apply(layer, layer.tree(), "");
    }

    private void apply(Layer layer, JsonNode node, String key) {
        if (node instanceof ObjectNode object) {
            for (String name : Trees.names(object)) {
                JsonNode value = substituted(layer, object.get(name), Keys.child(key, name));
                if (value == null) {
                    object.remove(name);
                } else {
                    object.set(name, value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode value = substituted(layer, array.get(i), Keys.child(key, Integer.toString(i)));
                if (value == null) {
                    array.remove(i);
                } else {
                    array.set(i, value);
                }
            }
        }
    }

    /** The value with its variables replaced, or {@code null} when they cannot be. */
    @Nullable
    private JsonNode substituted(Layer layer, JsonNode value, String key) {
        if (value instanceof TextNode text) {
            String replaced = replace(text.textValue(), key, layer.origin(key));
            return replaced == null ? null : TextNode.valueOf(replaced);
        }
        apply(layer, value, key);
        return value;
    }

    /** The text with variables replaced, or {@code null} after reporting why it cannot be. */
    @Nullable
    private String replace(String text, String key, String origin) {
        if (!text.contains("${")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    problems.addSetAside(key, text, origin, "unterminated ${ (expected: ${VAR} or ${VAR:-default})");
                    return null;
                }
                String value = lookup(text.substring(i + 2, end), text, key, origin);
                if (value == null) {
                    return null;
                }
                out.append(value);
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    @Nullable
    private String lookup(String expression, String text, String key, String origin) {
        int dash = expression.indexOf(":-");
        String name = dash < 0 ? expression : expression.substring(0, dash);
        if (name.isBlank()) {
            problems.addSetAside(key, text, origin, "empty variable name in ${" + expression + "} (expected: ${VAR})");
            return null;
        }
        String value = variables.get(name);
        if (dash >= 0 && (value == null || value.isEmpty())) {
            return expression.substring(dash + 2);
        }
        if (value == null) {
            problems.addSetAside(
                    key,
                    text,
                    origin,
                    "variable " + name + " is not set (expected: set it, or ${" + name + ":-default})");
        }
        return value;
    }
}
