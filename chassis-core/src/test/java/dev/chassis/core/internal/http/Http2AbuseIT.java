package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.http.Routes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Abuse sent as raw HTTP/2 frames over a plain socket (h2c by prior knowledge): the connection gets
 * a GOAWAY and the reason is counted.
 */
class Http2AbuseIT {
    static final Routes ROUTES = r -> r.get("/hello", req -> "hello");

    /** Writes frames with Netty's frame writer into an embedded channel, whose output goes to the socket. */
    final EmbeddedChannel frames = new EmbeddedChannel(new ChannelInboundHandlerAdapter());

    final ChannelHandlerContext ctx = frames.pipeline().firstContext();
    final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();

    @Test
    void rapidResetIsGoAwayedAndCounted() throws Exception {
        try (TestServer server = TestServer.builder()
                        .config("http2: {enabled: true, max-rst-frames-per-window: 50}")
                        .routes(ROUTES)
                        .start();
                Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            open(out);
            for (int i = 0; i < 60; i++) {
                int stream = 2 * i + 1;
                writer.writeHeaders(ctx, stream, request(), 0, false, ctx.newPromise());
                writer.writeRstStream(ctx, stream, Http2Error.CANCEL.code(), ctx.newPromise());
            }
            send(out);
            GoAway goAway = readGoAway(socket);
            assertThat(goAway.errorCode).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
            assertThat(server.counters.http2GoAways()).containsEntry(Http2GoAways.RAPID_RESET, 1L);
        }
    }

    @Test
    void continuationFloodIsGoAwayedAndCounted() throws Exception {
        try (TestServer server = TestServer.builder()
                        .config("http2: {enabled: true, max-small-continuation-frames: 8}")
                        .routes(ROUTES)
                        .start();
                Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            open(out);
            // a header block that never ends: HEADERS without END_HEADERS, then empty CONTINUATIONs
            writer.writeFrame(ctx, (byte) 0x1, 1, new Http2Flags(), Unpooled.EMPTY_BUFFER, ctx.newPromise());
            for (int i = 0; i < 20; i++) {
                writer.writeFrame(ctx, (byte) 0x9, 1, new Http2Flags(), Unpooled.EMPTY_BUFFER, ctx.newPromise());
            }
            send(out);
            GoAway goAway = readGoAway(socket);
            assertThat(goAway.errorCode).isNotEqualTo(Http2Error.NO_ERROR.code());
            assertThat(server.counters.http2GoAways()).containsEntry(Http2GoAways.CONTINUATION_FLOOD, 1L);
        }
    }

    private static DefaultHttp2Headers request() {
        DefaultHttp2Headers headers = new DefaultHttp2Headers();
        headers.method("GET").path("/hello").scheme("http").authority("localhost");
        return headers;
    }

    private void open(OutputStream out) throws Exception {
        out.write(Http2CodecUtil.connectionPrefaceBuf()
                .toString(StandardCharsets.ISO_8859_1)
                .getBytes(StandardCharsets.ISO_8859_1));
        writer.writeSettings(ctx, new Http2Settings(), ctx.newPromise());
        send(out);
    }

    /**
     * Writes every pending frame in one write: the server closes as soon as it has read the abuse,
     * and frames written after that close would be answered with a reset (a broken pipe here, and
     * the GOAWAY possibly discarded).
     */
    private void send(OutputStream out) throws Exception {
        frames.flushOutbound();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (ByteBuf buf; (buf = frames.readOutbound()) != null; ) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            pending.write(bytes);
        }
        out.write(pending.toByteArray());
        out.flush();
    }

    record GoAway(long errorCode, String debug) {}

    /** Reads until the server closes (it does after a GOAWAY for an error), then finds the GOAWAY. */
    private GoAway readGoAway(Socket socket) throws Exception {
        socket.setSoTimeout(5000);
        ByteBuf in = Unpooled.buffer();
        InputStream input = socket.getInputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = input.read(chunk)) > 0; ) {
                in.writeBytes(chunk, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what arrived before the timeout or reset is what is read
        }
        AtomicReference<GoAway> goAway = new AtomicReference<>();
        AtomicLong frameCount = new AtomicLong();
        try (DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader()) {
            reader.readFrame(ctx, in, new Http2FrameAdapter() {
                @Override
                public void onGoAwayRead(ChannelHandlerContext c, int lastStreamId, long errorCode, ByteBuf debugData) {
                    goAway.set(new GoAway(errorCode, debugData.toString(StandardCharsets.UTF_8)));
                }

                @Override
                public void onUnknownFrame(
                        ChannelHandlerContext c, byte frameType, int streamId, Http2Flags flags, ByteBuf payload) {
                    frameCount.incrementAndGet();
                }
            });
        } finally {
            in.release();
        }
        assertThat(goAway.get()).as("a GOAWAY from the server").isNotNull();
        return goAway.get();
    }
}
