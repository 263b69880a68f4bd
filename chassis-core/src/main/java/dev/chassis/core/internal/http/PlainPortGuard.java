package dev.chassis.core.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First on a plaintext port, for the first read only: a connection that opens with a TLS
 * handshake record (a client using https:// against a plaintext port) is logged and closed at
 * once, rather than left waiting for a request line that never comes. Removes itself after that
 * read, so requests never pass it.
 */
final class PlainPortGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PlainPortGuard.class);
    /** The content type of a TLS handshake record. */
    private static final int HANDSHAKE = 0x16;

    private final String listener;

    PlainPortGuard(String listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes
                && bytes.isReadable()
                && bytes.getUnsignedByte(bytes.readerIndex()) == HANDSHAKE) {
            ReferenceCountUtil.release(msg);
            log.info(
                    "closed a connection from {} to the plaintext {} {}: it began a TLS handshake (use http://, or"
                            + " the TLS port)",
                    ctx.channel().remoteAddress(),
                    listener,
                    ctx.channel().localAddress() instanceof java.net.InetSocketAddress local ? local.getPort() : -1);
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }
}
