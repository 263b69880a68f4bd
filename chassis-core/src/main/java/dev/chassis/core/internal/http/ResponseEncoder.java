package dev.chassis.core.internal.http;

import dev.chassis.core.http.Response;
import dev.chassis.core.internal.json.JsonCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Turns a handler's result into a Netty response: a {@link Response} as it is, {@code null} as
 * 204, anything else as JSON with 200. JSON goes straight into a pooled buffer. Header values were
 * checked when set, so the headers here skip Netty's second validation. Thread-safe.
 */
final class ResponseEncoder {
    private static final AsciiString JSON = AsciiString.cached("application/json");
    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory TRAILERS =
            DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private final JsonCodec json;

    ResponseEncoder(JsonCodec json) {
        this.json = json;
    }

    /**
     * Encodes a result.
     *
     * @throws IOException if a JSON entity cannot be serialized
     */
    FullHttpResponse encode(Exchange exchange, @org.jspecify.annotations.Nullable Object result, ByteBufAllocator alloc)
            throws IOException {
        if (result == null) {
            return build(exchange, 204, Unpooled.EMPTY_BUFFER, null, null);
        }
        if (result instanceof Response response) {
            ByteBuf body;
            Object entity = response.entity().orElse(null);
            if (entity != null) {
                body = json.write(alloc, entity);
            } else {
                byte[] bytes = response.bytes().orElse(null);
                body = bytes == null || bytes.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
            }
            String contentType = response.contentType().orElse(null);
            return build(exchange, response.status(), body, contentType, response.headers());
        }
        return build(exchange, 200, json.write(alloc, result), JSON, null);
    }

    private static FullHttpResponse build(
            Exchange exchange,
            int status,
            ByteBuf body,
            @org.jspecify.annotations.Nullable CharSequence contentType,
            @org.jspecify.annotations.Nullable List<Map.Entry<String, String>> headers) {
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body, HEADERS, TRAILERS);
        HttpHeaders h = res.headers();
        if (status != 204 && status != 304) {
            if (contentType != null && body.isReadable()) {
                h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
            }
            h.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
        if (headers != null) {
            for (int i = 0; i < headers.size(); i++) {
                Map.Entry<String, String> e = headers.get(i);
                h.add(ascii(e.getKey()), ascii(e.getValue()));
            }
        }
        List<Map.Entry<String, String>> extra = exchange.extraHeaders();
        if (extra != null) {
            for (int i = 0; i < extra.size(); i++) {
                Map.Entry<String, String> e = extra.get(i);
                h.set(ascii(e.getKey()), ascii(e.getValue()));
            }
        }
        return res;
    }

    /**
     * A checked header name or value (Latin-1 only) as the bytes it is written as. Netty's encoder
     * copies these in one go, where a string is written a character at a time.
     */
    private static AsciiString ascii(String text) {
        return new AsciiString(text.getBytes(StandardCharsets.ISO_8859_1), false);
    }
}
