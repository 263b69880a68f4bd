package dev.chassis.core.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem detail, the body of every error response, sent as
 * {@code application/problem+json}. Absent members are left out.
 *
 * <pre>{@code
 * {"type":"about:blank","title":"Bad Request","status":400,
 *  "detail":"query parameter 'limit': 'abc' is not an integer","correlationId":"3f2a..."}
 * }</pre>
 *
 * @param type a URI naming the problem type; {@code about:blank} when the status says it all
 * @param title the status' reason phrase, or a short summary of the type
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param instance a URI for this occurrence, if any
 * @param correlationId the request's correlation ID, when one was assigned
 * <p>RFC 9457 extension members are kept in {@link #extensions()} and written next to the standard
 * ones: a handler adds them with {@link HttpStatusException#member}, a client reads them from the
 * problem of a {@code ClientProblemException} with {@link #member(String, Class)}.
 *
 * @param errors the invalid fields, for validation failures
 * @param extensions the extension members by name, in the order given; values as JSON reads them
 *     (strings, numbers, booleans, lists, maps)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        @Nullable String detail,
        @Nullable String instance,
        @Nullable String correlationId,
        List<FieldError> errors,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> extensions) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The default {@code type}. */
    public static final String ABOUT_BLANK = "about:blank";

    /** The members of a problem the chassis writes itself; an extension may not take their names. */
    public static final Set<String> STANDARD_MEMBERS =
            Set.of("type", "title", "status", "detail", "instance", "correlationId", "errors");

    private static final ObjectMapper VALUES = JsonMapper.builder().build();

    /** Creates a problem. */
    public Problem {
        requireNonNull(type, "type");
        requireNonNull(title, "title");
        errors = errors == null ? List.of() : List.copyOf(errors);
        extensions = extensions == null || extensions.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** Creates a problem without extension members. */
    public Problem(
            String type,
            String title,
            int status,
            @Nullable String detail,
            @Nullable String instance,
            @Nullable String correlationId,
            List<FieldError> errors) {
        this(type, title, status, detail, instance, correlationId, errors, Map.of());
    }

    /** The same problem with another status. */
    public Problem withStatus(int status) {
        return new Problem(type, title, status, detail, instance, correlationId, errors, extensions);
    }

    /**
     * An extension member read as a type: {@code member("balanceCents", Long.class)}, or a record
     * of the team's for an object member.
     *
     * @return empty when the problem has no such member or it is null
     * @throws IllegalArgumentException if the member cannot be read as that type, naming it
     */
    public <T> Optional<T> member(String name, Class<T> type) {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        Object value = extensions.get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(VALUES.convertValue(value, type));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "problem member '" + name + "': " + value + " (expected: " + type.getSimpleName() + ")", e);
        }
    }
}
