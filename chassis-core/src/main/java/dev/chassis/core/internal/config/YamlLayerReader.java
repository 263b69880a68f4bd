package dev.chassis.core.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigSource;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads a YAML source into a tree. Scalars are kept as the text written, so {@code version: 1.10}
 * stays {@code "1.10"} and {@code 010} is not read as octal; binding converts the text to the
 * type of the key, as it does for flat sources. Only the first document of a stream is read.
 */
final class YamlLayerReader {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlLayerReader() {}

    /**
     * Reads the source; empty text gives an empty layer.
     *
     * @throws ConfigException if the text is not a YAML mapping, naming the source, line and column
     */
    static Layer read(ConfigSource source) {
        try (JsonParser parser = YAML.createParser(source.text())) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return Layer.empty(source.name());
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException("invalid YAML in " + source.name() + at(parser.currentLocation())
                        + ": the document is not a mapping (expected: keys such as server.port)");
            }
            return new Layer(source.name(), readObject(parser, source, ""));
        } catch (JsonProcessingException e) {
            throw new ConfigException("invalid YAML in " + source.name() + at(e.getLocation()) + ": " + problem(e), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + source.name() + ": " + e.getMessage(), e);
        }
    }

    /** Reads a mapping; a key given twice is an error, since YAML would silently keep the last. */
    private static ObjectNode readObject(JsonParser parser, ConfigSource source, String path) throws IOException {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String key = path.isEmpty() ? name : path + "." + name;
            if (object.has(name)) {
                throw new ConfigException("invalid YAML in " + source.name() + at(parser.currentLocation()) + ": key "
                        + key + " appears twice (expected: each key once; later ones would silently win)");
            }
            object.set(name, readValue(parser, parser.nextToken(), source, key));
        }
        return object;
    }

    private static JsonNode readValue(JsonParser parser, JsonToken token, ConfigSource source, String path)
            throws IOException {
        if (token == JsonToken.START_OBJECT) {
            return readObject(parser, source, path);
        }
        if (token == JsonToken.START_ARRAY) {
            ArrayNode array = NODES.arrayNode();
            int i = 0;
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                array.add(readValue(parser, t, source, path + "." + i++));
            }
            return array;
        }
        return token == JsonToken.VALUE_NULL ? NODES.nullNode() : NODES.textNode(parser.getText());
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The parser's complaint without the excerpts of the document it quotes. */
    private static String problem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        String lines = message.lines()
                .filter(line -> !line.isBlank() && !line.startsWith(" "))
                .collect(Collectors.joining("; "));
        return lines.isEmpty() ? message.strip() : lines;
    }
}
