package dev.chassis.core.internal.http;

import dev.chassis.core.config.CompressionConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * gzip for responses, where the client accepts it ({@code Accept-Encoding} with q-values), the
 * body is at least {@code min-size}, its type compressible, it is not encoded already and its
 * {@code Cache-Control} does not say {@code no-transform}. Such a response carries {@code Vary:
 * Accept-Encoding} whether it was compressed or not, and a strong {@code ETag} of a compressed
 * one becomes weak. Runs where the response is encoded (the handler's thread). Thread-safe.
 */
final class ResponseCompression {
    private final long minSize;
    private final String[] exact;
    private final String[] prefixes;
    private final int level;

    ResponseCompression(CompressionConfig config) {
        this.minSize = config.minSize().bytes();
        this.exact = config.mimeTypes().stream().filter(t -> !t.endsWith("/*")).toArray(String[]::new);
        this.prefixes = config.mimeTypes().stream()
                .filter(t -> t.endsWith("/*"))
                .map(t -> t.substring(0, t.length() - 1))
                .toArray(String[]::new);
        this.level = config.level();
    }

    /** The response to send: this one, or a compressed copy (this one released). */
    FullHttpResponse apply(@Nullable String acceptEncoding, FullHttpResponse response, ByteBufAllocator alloc) {
        int status = response.status().code();
        HttpHeaders headers = response.headers();
        if (status < 200
                || status == 204
                || status == 304
                || response.content().readableBytes() < minSize
                || headers.contains(HttpHeaderNames.CONTENT_ENCODING)
                || !compressible(headers.get(HttpHeaderNames.CONTENT_TYPE))
                || noTransform(headers.get(HttpHeaderNames.CACHE_CONTROL))) {
            return response;
        }
        addVary(headers);
        if (!AcceptEncoding.acceptsGzip(acceptEncoding)) {
            return response;
        }
        ByteBuf compressed = gzip(response.content(), alloc);
        if (compressed == null
                || compressed.readableBytes() >= response.content().readableBytes()) {
            if (compressed != null) {
                compressed.release();
            }
            return response;
        }
        FullHttpResponse out = response.replace(compressed);
        response.release();
        out.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, compressed.readableBytes());
        String etag = out.headers().get(HttpHeaderNames.ETAG);
        if (etag != null && etag.startsWith("\"")) {
            out.headers().set(HttpHeaderNames.ETAG, "W/" + etag);
        }
        return out;
    }

    private boolean compressible(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
        for (String e : exact) {
            if (type.equals(e)) {
                return true;
            }
        }
        for (String p : prefixes) {
            if (type.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean noTransform(@Nullable String cacheControl) {
        return cacheControl != null && cacheControl.toLowerCase(Locale.ROOT).contains("no-transform");
    }

    private static void addVary(HttpHeaders headers) {
        String vary = headers.get(HttpHeaderNames.VARY);
        if (vary == null) {
            headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
            return;
        }
        String lower = vary.toLowerCase(Locale.ROOT);
        if (!lower.contains("accept-encoding") && !lower.strip().equals("*")) {
            headers.set(HttpHeaderNames.VARY, vary + ", Accept-Encoding");
        }
    }

    private @Nullable ByteBuf gzip(ByteBuf content, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(Math.max(64, content.readableBytes() / 3));
        try (OutputStream gzip = new LeveledGzip(new ByteBufOutputStream(out), level)) {
            content.getBytes(content.readerIndex(), gzip, content.readableBytes());
        } catch (IOException e) {
            out.release();
            return null;
        }
        return out;
    }

    /** The JDK's gzip stream at a chosen deflate level. */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, 8192);
            def.setLevel(level);
        }
    }
}
