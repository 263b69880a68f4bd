package dev.chassis.core.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
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
 * @param errors the invalid fields, for validation failures
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        @Nullable String detail,
        @Nullable String instance,
        @Nullable String correlationId,
        List<FieldError> errors) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The default {@code type}. */
    public static final String ABOUT_BLANK = "about:blank";

    /** Creates a problem. */
    public Problem {
        requireNonNull(type, "type");
        requireNonNull(title, "title");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
