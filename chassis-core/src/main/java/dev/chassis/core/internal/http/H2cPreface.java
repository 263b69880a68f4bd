package dev.chassis.core.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * First on a plaintext port that takes h2c: a connection that opens with the HTTP/2 connection
 * preface gets the HTTP/2 pipeline (prior knowledge); one that differs from it at any byte keeps
 * the HTTP/1.1 pipeline. Either way it then leaves, handing on every byte it held, so Netty's
 * HTTP/2 codec reads the preface itself.
 */
final class H2cPreface extends ByteToMessageDecoder {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final ServerContext server;
    private final Dispatcher dispatcher;
    private final HttpConnection connection;

    H2cPreface(ServerContext server, Dispatcher dispatcher, HttpConnection connection) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.connection = connection;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = Math.min(in.readableBytes(), PREFACE.readableBytes());
        if (!ByteBufUtil.equals(PREFACE, PREFACE.readerIndex(), in, in.readerIndex(), length)) {
            ctx.pipeline().remove(this);
        } else if (length == PREFACE.readableBytes()) {
            Http2Connection.install(ctx.pipeline(), server, dispatcher, connection);
            ctx.pipeline().remove(this);
        }
    }
}
