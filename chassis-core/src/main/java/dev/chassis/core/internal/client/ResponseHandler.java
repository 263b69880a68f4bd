package dev.chassis.core.internal.client;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The last handler of a client connection: completes the pending attempt with the aggregated
 * response, or fails it when the connection breaks first. One attempt at a time per connection.
 */
final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private @Nullable CompletableFuture<TransportResponse> pending;
    /** Whether the request was written before the connection failed. */
    private boolean written;

    void expect(CompletableFuture<TransportResponse> future) {
        pending = future;
        written = false;
    }

    void written() {
        written = true;
    }

    boolean isWritten() {
        return written;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
        CompletableFuture<TransportResponse> p = pending;
        pending = null;
        if (p != null) {
            byte[] body = ByteBufUtil.getBytes(msg.content());
            p.complete(new TransportResponse(msg.status().code(), msg.headers(), body));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(new IOException("connection closed before the response"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(
                cause instanceof TooLongFrameException
                        ? new IOException("response too large: " + cause.getMessage(), cause)
                        : cause);
        ctx.close();
    }

    private void fail(Throwable cause) {
        CompletableFuture<TransportResponse> p = pending;
        pending = null;
        if (p != null) {
            p.completeExceptionally(cause);
        }
    }
}
