package dev.chassis.core.internal.http;

import dev.chassis.core.internal.tls.HandshakeFailures;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the SSL handler: counts a failed handshake by its reason (no request of that connection
 * ever reaches a handler, since the SSL handler passes nothing on before the handshake ends) and
 * gives the connection the verified peer of a successful one.
 */
final class TlsWatch extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TlsWatch.class);

    private final HttpConnection connection;

    TlsWatch(HttpConnection connection) {
        this.connection = connection;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                connection.handshakeDone(
                        ctx.pipeline().get(SslHandler.class).engine().getSession());
            } else {
                String reason = HandshakeFailures.reason(done.cause());
                connection.server().tlsHandshakeFailed(reason);
                log.debug(
                        "TLS handshake with {} failed ({}): {}",
                        ctx.channel().remoteAddress(),
                        reason,
                        String.valueOf(done.cause().getMessage()));
            }
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, event);
    }
}
