package dev.chassis.core.internal.http;

import dev.chassis.core.config.Http2Config;
import dev.chassis.core.http.PeerIdentity;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/2 connection: Netty's frame codec with the configured limits, and a multiplexer that
 * gives each stream a child channel running the same HTTP/1.1 handler chain as a plain connection
 * ({@link HttpConnection} behind a per-stream frame-to-HTTP-object codec), so routes, filters,
 * limits, errors, logs, metrics and tracing are one path for both protocols. Sits before the codec:
 * it owns the connection's idle close, its GOAWAY on stop and the count of GOAWAYs sent for abuse.
 * Runs on the connection's event loop.
 */
final class Http2Connection extends ChannelDuplexHandler implements ServerConnection {
    private final ServerContext server;
    private final Http2FrameCodec codec;
    private @Nullable ChannelHandlerContext ctx;
    private @Nullable ScheduledFuture<?> watchdog;
    private long lastActivityNanos = System.nanoTime();

    private Http2Connection(ServerContext server, Http2FrameCodec codec) {
        this.server = server;
        this.codec = codec;
    }

    /**
     * Turns a connection's pipeline, whose HTTP/1.1 handlers have seen no request yet, into an
     * HTTP/2 one.
     *
     * @param first the connection's HTTP/1.1 handler, whose TLS state the streams take
     */
    static void install(ChannelPipeline pipeline, ServerContext server, Dispatcher dispatcher, HttpConnection first) {
        Http2Config config = server.config().http2();
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(config.maxConcurrentStreams())
                        .maxHeaderListSize(config.maxHeaderListSize().bytes())
                        .initialWindowSize(config.initialWindowSize().toIntBytes()))
                .decoderEnforceMaxRstFramesPerWindow(config.maxRstFramesPerWindow(), (int)
                        config.rstFramesWindow().toSeconds())
                .decoderEnforceMaxSmallContinuationFrames(config.maxSmallContinuationFrames())
                // the stop sequence and its grace period decide when to give up on open streams
                .gracefulShutdownTimeoutMillis(-1)
                .validateHeaders(true)
                .build();
        boolean secure = first.secure();
        PeerIdentity peer = first.peer();
        Http2MultiplexHandler multiplex = new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                HttpConnection stream = new HttpConnection(server, dispatcher, secure, peer);
                ch.pipeline()
                        .addLast("h2-http", new Http2StreamFrameToHttpObjectCodec(true, true))
                        .addLast("head-watch", new HeadWatch(stream))
                        .addLast("http", stream);
            }
        });
        pipeline.remove(HeadWatch.class);
        pipeline.remove("codec");
        pipeline.remove(first);
        pipeline.addLast("h2-connection", new Http2Connection(server, codec))
                .addLast("h2", codec)
                .addLast("h2-multiplex", multiplex);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        server.register(this);
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
                String reason = Http2GoAways.reason(errorCode, debugData);
                if (reason != null) {
                    server.http2GoAway(reason);
                }
            }
        });
        long tick = server.tickNanos();
        watchdog = ctx.executor().scheduleAtFixedRate(this::checkIdle, tick, tick, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivityNanos = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        server.unregister(this);
        super.channelInactive(ctx);
    }

    private void checkIdle() {
        if (codec.connection().numActiveStreams() > 0) {
            lastActivityNanos = System.nanoTime();
        } else if (System.nanoTime() - lastActivityNanos > server.idleTimeoutNanos()) {
            channel().close();
        }
    }

    private Channel channel() {
        return ctx.channel();
    }

    /**
     * Sends GOAWAY (NO_ERROR, the last stream it took): streams open now run to their end, newer
     * ones are refused, and the connection closes once no stream is open.
     */
    @Override
    public void drain() {
        channel().close();
    }

    /** The streams answer 503 themselves (each is a connection of the server's set). */
    @Override
    public void abort() {
        if (codec.connection().numActiveStreams() == 0) {
            channel().close();
        }
    }

    @Override
    public boolean execute(Runnable task) {
        try {
            ctx.executor().execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
