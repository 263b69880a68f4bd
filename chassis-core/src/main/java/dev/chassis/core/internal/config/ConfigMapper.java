package dev.chassis.core.internal.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The Jackson mapper that binds configuration, kept apart from the one for request bodies: keys
 * are kebab-case ({@code maxContentLength} is {@code max-content-length}), enums are read in any
 * case, durations are read and written as {@code 30s}, unknown keys and {@code null} for
 * primitives fail, and text is converted to numbers and booleans, since flat sources only have
 * text. Thread-safe.
 */
final class ConfigMapper {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .addModule(DurationFormat.module())
            .build();

    private ConfigMapper() {}

    /** The shared mapper; do not reconfigure it. */
    static ObjectMapper get() {
        return MAPPER;
    }
}
