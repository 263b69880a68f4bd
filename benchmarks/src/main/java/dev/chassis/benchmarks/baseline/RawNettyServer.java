package dev.chassis.benchmarks.baseline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The raw Netty server the chassis is measured against: {@code GET /hello} answers
 * {@code {"message":"hello"}}, serialized by Jackson per request. Kept as lean as a careful
 * hand-written server would be, so the ratios are honest: native epoll where available, no
 * aggregator (the requests have no body), pooled buffers, and one flush per read batch.
 *
 * <p>Run on its own as the load test's baseline, or started in-process ({@link #start}) as the
 * loopback downstream of the client benchmarks.
 *
 * <pre>{@code java -cp benchmarks.jar dev.chassis.benchmarks.baseline.RawNettyServer --port 8081}</pre>
 */
public final class RawNettyServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What {@code /hello} answers. */
    public record Message(String message) {}

    private final EventLoopGroup group;
    private final Channel listener;
    private final boolean epoll;

    private RawNettyServer(EventLoopGroup group, Channel listener, boolean epoll) {
        this.group = group;
        this.listener = listener;
        this.epoll = epoll;
    }

    public static void main(String[] args) throws InterruptedException {
        RawNettyServer server = start(port(args), Runtime.getRuntime().availableProcessors());
        System.out.println(
                "raw Netty listening on port " + server.port() + " (" + (server.epoll ? "epoll" : "nio") + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        try {
            server.listener.closeFuture().sync();
        } finally {
            server.close();
        }
    }

    /**
     * Starts listening on every interface with this many event loops.
     *
     * @param port the port; 0 picks a free one, read back with {@link #port()}
     * @param eventLoops event loop threads
     */
    public static RawNettyServer start(int port, int eventLoops) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        // One event loop per CPU, as the chassis does (Netty's default would be two per CPU).
        // Daemon threads: in-process, the server must not keep a JVM alive that is done with it.
        EventLoopGroup group =
                new MultiThreadIoEventLoopGroup(eventLoops, new DefaultThreadFactory("raw-netty", true), io);
        try {
            Channel listener = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec()).addLast(HelloHandler.INSTANCE);
                        }
                    })
                    .bind(port)
                    .sync()
                    .channel();
            return new RawNettyServer(group, listener, epoll);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    /** The port it listens on. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops listening and shuts the event loops down. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static int port(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--port")) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        if (args.length > 0) {
            throw new IllegalArgumentException("usage: RawNettyServer [--port N] (default 8081)");
        }
        return 8081;
    }

    /** Answers each request as it is read; flushes once when the read batch ends. */
    @ChannelHandler.Sharable
    static final class HelloHandler extends ChannelInboundHandlerAdapter {
        static final HelloHandler INSTANCE = new HelloHandler();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    respond(ctx, request);
                }
            } finally {
                // The rest of a request (its empty LastHttpContent) needs no answer.
                ReferenceCountUtil.release(msg);
            }
        }

        private static void respond(ChannelHandlerContext ctx, HttpRequest request) {
            FullHttpResponse response;
            if (request.method().equals(HttpMethod.GET) && request.uri().equals("/hello")) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, json(ctx));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            } else {
                response = new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
            }
            response.headers()
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            if (!HttpUtil.isKeepAlive(request)) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.write(response, ctx.voidPromise());
        }

        private static ByteBuf json(ChannelHandlerContext ctx) {
            ByteBuf buf = ctx.alloc().buffer();
            try (OutputStream out = new ByteBufOutputStream(buf)) {
                MAPPER.writeValue(out, new Message("hello"));
                return buf;
            } catch (IOException e) {
                buf.release();
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
