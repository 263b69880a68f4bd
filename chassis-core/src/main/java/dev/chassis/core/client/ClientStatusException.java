package dev.chassis.core.client;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The downstream answered with a status other than 2xx. */
public class ClientStatusException extends ClientException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String bodyExcerpt;
    private final @Nullable Duration retryAfter;
    private final transient @Nullable ClientResponse response;

    /**
     * Creates the exception.
     *
     * @param bodyExcerpt the start of the response body, for diagnosis
     * @param retryAfter what {@code Retry-After} said, if anything
     */
    public ClientStatusException(String downstream, int status, String bodyExcerpt, @Nullable Duration retryAfter) {
        this(downstream, status, bodyExcerpt, retryAfter, null);
    }

    /**
     * Creates the exception with the whole response.
     *
     * @param response the response as received
     */
    public ClientStatusException(
            String downstream,
            int status,
            String bodyExcerpt,
            @Nullable Duration retryAfter,
            @Nullable ClientResponse response) {
        super(downstream, "answered " + status + (bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt));
        this.status = status;
        this.bodyExcerpt = bodyExcerpt;
        this.retryAfter = retryAfter;
        this.response = response;
    }

    /** The status. */
    public int status() {
        return status;
    }

    /** The start of the body (at most 512 characters, control characters replaced). */
    public String bodyExcerpt() {
        return bodyExcerpt;
    }

    /** The whole response, when it was received by this process. */
    public Optional<ClientResponse> response() {
        return Optional.ofNullable(response);
    }

    /** The delay {@code Retry-After} asked for, on 429 and 503. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
