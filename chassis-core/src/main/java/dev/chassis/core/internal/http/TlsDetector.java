package dev.chassis.core.internal.http;

import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.internal.tls.HandshakeFailures;
import dev.chassis.core.internal.tls.ServerTls;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * First on a TLS port: looks at the first five bytes. A TLS record gets the SSL handler (with the
 * pair current now) and the handshake watch; anything else is a plaintext request, which the
 * HTTP pipeline answers with 400 and closes. Waits at most the handshake timeout for the bytes.
 */
final class TlsDetector extends ByteToMessageDecoder {
    private final ServerTls tls;
    private final HttpConnection connection;
    private @Nullable ScheduledFuture<?> deadline;

    TlsDetector(ServerTls tls, HttpConnection connection) {
        this.tls = tls;
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor()
                .schedule(
                        () -> {
                            connection.server().tlsHandshakeFailed(HandshakeFailures.TIMEOUT);
                            ctx.close();
                        },
                        tls.handshakeTimeoutMillis(),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 5) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            SslHandler ssl = tls.newHandler(ctx.alloc());
            ctx.pipeline().addAfter(ctx.name(), "tls", ssl).addAfter("tls", "tls-watch", new TlsWatch(connection));
        } else {
            if (ctx.pipeline().get("alpn") != null) {
                // no handshake will come for ALPN to wait for: the HTTP/1.1 pipeline answers
                ctx.pipeline().remove("alpn");
            }
            connection.server().tlsHandshakeFailed(HandshakeFailures.NOT_TLS);
            connection.refuseEvery = new RequestChecks.Refusal(
                    HttpStatusException.badRequest("this port speaks TLS: use https://"), "plaintext-on-tls-port");
        }
        ctx.pipeline().remove(this);
    }
}
