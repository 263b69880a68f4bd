package dev.chassis.core.internal.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * After the TLS handshake on a port that speaks HTTP/2: a client that chose {@code h2} through
 * ALPN gets the HTTP/2 pipeline; anything else keeps the HTTP/1.1 one already in place.
 */
final class AlpnSwitch extends ApplicationProtocolNegotiationHandler {
    private final ServerContext server;
    private final Dispatcher dispatcher;
    private final HttpConnection connection;

    AlpnSwitch(ServerContext server, Dispatcher dispatcher, HttpConnection connection) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.server = server;
        this.dispatcher = dispatcher;
        this.connection = connection;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            Http2Connection.install(ctx.pipeline(), server, dispatcher, connection);
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        // TlsWatch has counted it; nothing more to say to a peer that failed its handshake
        ctx.close();
    }
}
