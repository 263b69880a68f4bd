package dev.chassis.core.internal.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientResponse;
import dev.chassis.core.internal.json.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A received response. Immutable. */
final class DefaultClientResponse implements ClientResponse {
    private final String downstream;
    private final TransportResponse response;
    private final JsonCodec json;

    DefaultClientResponse(String downstream, TransportResponse response, JsonCodec json) {
        this.downstream = downstream;
        this.response = response;
        this.json = json;
    }

    @Override
    public int status() {
        return response.status();
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(response.headers().get(name));
    }

    @Override
    public List<String> headers(String name) {
        return Collections.unmodifiableList(response.headers().getAll(name));
    }

    @Override
    public byte[] body() {
        return response.body();
    }

    @Override
    public String bodyAsString() {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Override
    public <T> T as(Class<T> type) {
        return read(json.type(type), type.getSimpleName());
    }

    @Override
    public <T> T as(TypeReference<T> type) {
        return read(json.type(type), type.getType().getTypeName());
    }

    <T> T read(com.fasterxml.jackson.databind.JavaType type, String name) {
        try {
            return json.mapper().readValue(response.body(), type);
        } catch (IOException e) {
            throw new ClientException(
                    downstream,
                    "the " + status() + " response is not JSON of " + name + ": "
                            + dev.chassis.core.internal.Texts.clean(e.getMessage(), 200),
                    e);
        }
    }

    @Override
    public String toString() {
        return "ClientResponse[" + status() + "]";
    }
}
