package dev.chassis.gateway.internal;

import dev.chassis.core.client.ServiceInstance;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Connections to upstream instances: one Netty {@link FixedChannelPool} per instance, HTTP/1.1
 * with keep-alive, an exchange per connection at a time. Thread-safe.
 */
final class Upstream implements AutoCloseable {
    /** The largest response body this forwarder holds. */
    static final int MAX_RESPONSE = 64 * 1024 * 1024;

    private static final int MAX_CONNECTIONS = 256;
    private static final int MAX_PENDING = 4096;
    private static final AttributeKey<CompletableFuture<FullHttpResponse>> PENDING =
            AttributeKey.valueOf("dev.chassis.gateway.pending");

    private final MultiThreadIoEventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<String, FixedChannelPool> pools = new ConcurrentHashMap<>();
    private volatile @Nullable SslContext tls;

    /** The failure of an exchange: the upstream could not be reached, or answered nonsense. */
    static final class Failure extends RuntimeException {
        /** How the gateway answers it: 502, 503 or 504. */
        final int status;
        /** No byte of a response arrived and the request may not have been read: another attempt is safe for an idempotent request. */
        final boolean retriable;

        Failure(int status, String message, @Nullable Throwable cause) {
            this(status, message, cause, false);
        }

        Failure(int status, String message, @Nullable Throwable cause, boolean retriable) {
            super(message, cause, false, false);
            this.status = status;
            this.retriable = retriable;
        }
    }

    Upstream(Duration connectTimeout, int threads) {
        this.group = new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory("gateway-upstream", true), NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
    }

    private FixedChannelPool pool(ServiceInstance instance) {
        String key = instance.baseUri().getScheme() + "://" + instance.baseUri().getHost() + ":" + instance.port();
        return pools.computeIfAbsent(key, k -> {
            InetSocketAddress address =
                    InetSocketAddress.createUnresolved(instance.baseUri().getHost(), instance.port());
            boolean secure = instance.secure();
            return new FixedChannelPool(
                    bootstrap.clone().remoteAddress(address),
                    new AbstractChannelPoolHandler() {
                        @Override
                        public void channelCreated(Channel ch) throws SSLException {
                            if (secure) {
                                ch.pipeline()
                                        .addLast(tls().newHandler(
                                                        ch.alloc(), address.getHostString(), address.getPort()));
                            }
                            ch.pipeline()
                                    .addLast("codec", new HttpClientCodec())
                                    .addLast("aggregate", new HttpObjectAggregator(MAX_RESPONSE))
                                    .addLast("exchange", new ExchangeHandler());
                        }
                    },
                    ChannelHealthChecker.ACTIVE,
                    FixedChannelPool.AcquireTimeoutAction.FAIL,
                    1_000,
                    MAX_CONNECTIONS,
                    MAX_PENDING,
                    true,
                    true);
        });
    }

    private SslContext tls() throws SSLException {
        SslContext c = tls;
        if (c == null) {
            c = SslContextBuilder.forClient().build();
            tls = c;
        }
        return c;
    }

    /**
     * Sends a request and completes with the whole response, which the caller releases; fails with
     * {@link Failure}. The request is released in every case.
     */
    CompletableFuture<FullHttpResponse> send(ServiceInstance instance, FullHttpRequest request, Duration timeout) {
        CompletableFuture<FullHttpResponse> result = new CompletableFuture<>();
        FixedChannelPool pool = pool(instance);
        pool.acquire().addListener(acquired -> {
            if (!acquired.isSuccess()) {
                ReferenceCountUtil.release(request);
                result.completeExceptionally(new Failure(
                        503,
                        "cannot connect to " + instance.baseUri() + ": " + describe(acquired.cause()),
                        acquired.cause(),
                        true));
                return;
            }
            Channel ch = (Channel) acquired.getNow();
            ch.attr(PENDING).set(result);
            var timer = ch.eventLoop()
                    .schedule(
                            () -> {
                                if (result.completeExceptionally(new Failure(
                                        504,
                                        instance.baseUri() + " did not answer within " + timeout.toMillis() + " ms",
                                        null))) {
                                    ch.close();
                                }
                            },
                            timeout.toNanos(),
                            TimeUnit.NANOSECONDS);
            result.whenComplete((response, failure) -> {
                timer.cancel(false);
                ch.attr(PENDING).set(null);
                if (failure != null || response == null || !HttpUtil.isKeepAlive(response)) {
                    ch.close();
                }
                pool.release(ch);
            });
            ch.writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    result.completeExceptionally(new Failure(
                            502,
                            "cannot send to " + instance.baseUri() + ": " + describe(written.cause()),
                            written.cause(),
                            true));
                }
            });
        });
        return result;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Completes the connection's pending exchange with its response or failure. */
    private static final class ExchangeHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        ExchangeHandler() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            CompletableFuture<FullHttpResponse> pending =
                    ctx.channel().attr(PENDING).get();
            if (response.decoderResult().isFailure()) {
                response.release();
                fail(
                        ctx,
                        new Failure(
                                502,
                                "invalid response from upstream: "
                                        + describe(response.decoderResult().cause()),
                                null));
                return;
            }
            if (pending == null || !pending.complete(response)) {
                response.release();
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            fail(ctx, new Failure(502, "upstream closed the connection before it answered", null, true));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, new Failure(502, "upstream failed: " + describe(cause), cause));
            ctx.close();
        }

        private static void fail(ChannelHandlerContext ctx, Failure failure) {
            CompletableFuture<FullHttpResponse> pending =
                    ctx.channel().attr(PENDING).get();
            if (pending != null) {
                pending.completeExceptionally(failure);
            }
        }
    }

    @Override
    public void close() {
        pools.values().forEach(FixedChannelPool::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
