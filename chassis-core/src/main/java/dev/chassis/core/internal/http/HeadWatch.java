package dev.chassis.core.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the HTTP codec and notes when the first byte of a request head arrives, which the
 * codec cannot tell: the head deadline runs from there. Also marks the connection active.
 */
final class HeadWatch extends ChannelInboundHandlerAdapter {
    private final HttpConnection connection;

    HeadWatch(HttpConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = System.nanoTime();
        connection.readNanos = now;
        connection.lastActivityNanos = now;
        if (connection.awaitingHead && connection.headStartNanos == 0) {
            connection.headStartNanos = now;
        }
        ctx.fireChannelRead(msg);
    }
}
