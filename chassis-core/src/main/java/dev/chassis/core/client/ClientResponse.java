package dev.chassis.core.client;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.Optional;

/** A response as received, whatever its status. Immutable. */
public interface ClientResponse {
    /** The status. */
    int status();

    /** The first value of a header; case-insensitive name. */
    Optional<String> header(String name);

    /** Every value of a header. */
    List<String> headers(String name);

    /** The body; empty when there is none. Do not modify it. */
    byte[] body();

    /** The body as UTF-8 text. */
    String bodyAsString();

    /**
     * The body read as JSON.
     *
     * @throws ClientException if it is not JSON of that shape
     */
    <T> T as(Class<T> type);

    /** As {@link #as(Class)} for generic types. */
    <T> T as(TypeReference<T> type);
}
