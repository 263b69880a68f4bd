package dev.chassis.core.internal.config;

import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import dev.chassis.core.config.ConfigException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Works out the {@link Schema} of a type from the deserializers Jackson would use to bind it, so
 * that key names, creators and delegating types ({@code DataSize} read from text, a record that
 * delegates to a map) are seen exactly as binding will see them. Not thread-safe; one per binding.
 */
final class TypeSchemas {
    private final DeserializationConfig config;
    private final DefaultDeserializationContext context;
    private final Set<JavaType> inProgress = new HashSet<>();

    TypeSchemas(ObjectMapper mapper) {
        this.config = mapper.getDeserializationConfig();
        this.context = ((DefaultDeserializationContext) mapper.getDeserializationContext()).createDummyInstance(config);
    }

    /**
     * The schema of a type.
     *
     * @throws ConfigException if Jackson cannot bind the type, or the type contains itself
     */
    Schema of(JavaType type) {
        if (!inProgress.add(type)) {
            throw new ConfigException(
                    "type: " + type.toCanonical() + " (expected: a type that does not contain itself)");
        }
        try {
            return build(type);
        } finally {
            inProgress.remove(type);
        }
    }

    private Schema build(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
            return new Schema.Any();
        }
        if (type.isMapLikeType()) {
            return new Schema.MapOf(type, of(type.getContentType()));
        }
        if (type.isCollectionLikeType() || (type.isArrayType() && raw != byte[].class && raw != char[].class)) {
            return new Schema.ListOf(type, of(type.getContentType()));
        }
        JsonDeserializer<Object> deserializer = deserializer(type);
        if (!(deserializer instanceof BeanDeserializerBase bean)) {
            return new Schema.Scalar(type);
        }
        ValueInstantiator instantiator = bean.getValueInstantiator();
        if (instantiator.canCreateUsingDelegate()) {
            return delegated(type, instantiator.getDelegateType(config));
        }
        if (instantiator.canCreateUsingArrayDelegate()) {
            return delegated(type, instantiator.getArrayDelegateType(config));
        }
        if (instantiator.canCreateFromObjectWith() || instantiator.canCreateUsingDefault()) {
            Map<String, Schema> properties = new LinkedHashMap<>();
            bean.properties().forEachRemaining(p -> properties.put(p.getName(), of(p.getType())));
            return new Schema.Keyed(type, properties);
        }
        return new Schema.Scalar(type);
    }

    /** A type bound through another: its keys are those of the delegate, its values its own. */
    private Schema delegated(JavaType type, JavaType delegate) {
        Schema schema = of(delegate);
        return schema instanceof Schema.Scalar ? new Schema.Scalar(type) : schema;
    }

    private JsonDeserializer<Object> deserializer(JavaType type) {
        try {
            return context.findRootValueDeserializer(type);
        } catch (JsonMappingException e) {
            throw new ConfigException(
                    "type: " + type.toCanonical() + " cannot be bound (" + e.getOriginalMessage() + ")", e);
        }
    }
}
