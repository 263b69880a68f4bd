package dev.chassis.core.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Error;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The reason the server sent an HTTP/2 GOAWAY for an error, as one of a few fixed words, from its
 * error code and the debug text Netty's codec gives it. The words are the {@code reason} of the
 * GOAWAY metric, so the set is bounded.
 */
final class Http2GoAways {
    static final String RAPID_RESET = "rapid-reset";
    static final String CONTINUATION_FLOOD = "continuation-flood";
    static final String HEADER_LIST_TOO_LARGE = "header-list-too-large";
    static final String PROTOCOL_ERROR = "protocol-error";
    static final String OTHER = "other";

    static final List<String> REASONS =
            List.of(RAPID_RESET, CONTINUATION_FLOOD, HEADER_LIST_TOO_LARGE, PROTOCOL_ERROR, OTHER);

    private Http2GoAways() {}

    /** The reason of a GOAWAY with this code and debug data; null for NO_ERROR, which is not counted. */
    static @Nullable String reason(long errorCode, ByteBuf debugData) {
        if (errorCode == Http2Error.NO_ERROR.code()) {
            return null;
        }
        String debug = debugData.toString(StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (debug.contains("rst frames")) {
            return RAPID_RESET;
        }
        if (debug.contains("continuation")) {
            return CONTINUATION_FLOOD;
        }
        if (debug.contains("header size") || debug.contains("header list")) {
            return HEADER_LIST_TOO_LARGE;
        }
        return errorCode == Http2Error.PROTOCOL_ERROR.code() ? PROTOCOL_ERROR : OTHER;
    }
}
