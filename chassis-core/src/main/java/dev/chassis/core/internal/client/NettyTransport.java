package dev.chassis.core.internal.client;

import dev.chassis.core.client.ClientConfig;
import dev.chassis.core.internal.netty.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over Netty on the service's own event loops, with a fixed-size keep-alive connection
 * pool per instance address (Netty's {@link FixedChannelPool}). One attempt per connection at a
 * time; a timed-out or cancelled attempt closes its connection, so nothing is left waiting on it.
 * Thread-safe.
 */
final class NettyTransport implements AutoCloseable {
    private final EventLoops loops;
    private final ConcurrentMap<PoolKey, ChannelPool> pools = new ConcurrentHashMap<>();

    /** A pool per downstream, instance address and TLS context (none for plaintext). */
    private record PoolKey(
            String downstream,
            String host,
            int port,
            @Nullable SslContext tls) {}

    NettyTransport(EventLoops loops) {
        this.loops = loops;
    }

    /**
     * Sends one request. The future fails with {@link ConnectException} (never reached the
     * server), {@link TransportException} (the connection broke; says whether the request was
     * written) or {@link TimeoutException} when no whole response has come within the timeout,
     * counted from this call (waiting for a pooled connection included, connecting bounded by
     * the connect timeout); cancelling it closes the connection.
     */
    CompletableFuture<TransportResponse> send(
            String downstream,
            InetSocketAddress address,
            FullHttpRequest request,
            ClientConfig config,
            @Nullable SslContext tls,
            Duration timeout) {
        long start = System.nanoTime();
        CompletableFuture<TransportResponse> result = new CompletableFuture<>();
        PoolKey key = new PoolKey(downstream, address.getHostString(), address.getPort(), tls);
        ChannelPool found = pools.get(key);
        ChannelPool pool = found != null ? found : pools.computeIfAbsent(key, k -> newPool(address, config, tls));
        pool.acquire().addListener((Future<Channel> acquired) -> {
            if (!acquired.isSuccess()) {
                request.release();
                Throwable cause = acquired.cause();
                result.completeExceptionally(
                        cause instanceof ConnectException
                                ? cause
                                : new ConnectException("cannot connect to " + address + ": " + cause.getMessage()));
                return;
            }
            Channel channel = acquired.getNow();
            if (result.isDone()) {
                request.release();
                pool.release(channel);
                return;
            }
            exchange(pool, channel, request, timeout, timeout.toNanos() - (System.nanoTime() - start), result);
        });
        return result;
    }

    private void exchange(
            ChannelPool pool,
            Channel channel,
            FullHttpRequest request,
            Duration timeout,
            long timeLeftNanos,
            CompletableFuture<TransportResponse> result) {
        ResponseHandler handler = channel.pipeline().get(ResponseHandler.class);
        CompletableFuture<TransportResponse> response = new CompletableFuture<>();
        handler.expect(response);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        // Scheduled from the event loop itself: a timer that wakes no thread until it is due.
        ScheduledFuture<?> timer = channel.eventLoop()
                .schedule(
                        () -> response.completeExceptionally(
                                new TimeoutException("no response within " + timeout.toMillis() + " ms")),
                        Math.max(0, timeLeftNanos),
                        TimeUnit.NANOSECONDS);
        channel.writeAndFlush(request).addListener(f -> {
            if (f.isSuccess()) {
                handler.written();
            } else {
                response.completeExceptionally(
                        new TransportException("could not send: " + f.cause(), false, f.cause()));
            }
        });
        response.whenComplete((r, failure) -> {
            timer.cancel(false);
            boolean reusable = failure == null
                    && keepAlive
                    && !r.headers()
                            .contains(
                                    io.netty.handler.codec.http.HttpHeaderNames.CONNECTION,
                                    io.netty.handler.codec.http.HttpHeaderValues.CLOSE,
                                    true)
                    && !result.isDone();
            if (!reusable) {
                channel.close();
            }
            pool.release(channel);
            if (failure == null) {
                result.complete(r);
            } else if (tlsFailure(failure) != null) {
                // the handshake failed: the request never reached the server
                result.completeExceptionally(new ConnectException("TLS handshake with " + channel.remoteAddress()
                        + " failed: " + tlsFailure(failure).getMessage()));
            } else if (failure instanceof TimeoutException || failure instanceof TransportException) {
                result.completeExceptionally(failure);
            } else {
                result.completeExceptionally(
                        new TransportException(String.valueOf(failure.getMessage()), handler.isWritten(), failure));
            }
        });
        // Cancelling the attempt (a timeout policy, the caller) aborts it: the connection is closed.
        result.whenComplete((r, failure) -> {
            if (result.isCancelled()) {
                response.completeExceptionally(new TransportException("cancelled", handler.isWritten(), null));
            }
        });
    }

    private static javax.net.ssl.@Nullable SSLException tlsFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    private ChannelPool newPool(InetSocketAddress address, ClientConfig config, @Nullable SslContext tls) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loops.group())
                .channel(loops.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .remoteAddress(address);
        int maxResponse = (int) config.maxResponseSize().bytes();
        return new FixedChannelPool(
                bootstrap,
                new AbstractChannelPoolHandler() {
                    @Override
                    public void channelCreated(Channel ch) {
                        if (tls != null) {
                            // The host names the server for SNI and is what its certificate must name.
                            ch.pipeline()
                                    .addLast(
                                            "tls",
                                            tls.newHandler(ch.alloc(), address.getHostString(), address.getPort()));
                        }
                        ch.pipeline()
                                .addLast("codec", new HttpClientCodec())
                                // gzip answers are inflated before the aggregator, which holds them to
                                // max-response-size
                                .addLast("inflate", new HttpContentDecompressor(0))
                                .addLast("aggregator", new HttpObjectAggregator(maxResponse))
                                .addLast("response", new ResponseHandler());
                    }
                },
                ChannelHealthChecker.ACTIVE,
                FixedChannelPool.AcquireTimeoutAction.FAIL,
                config.connectTimeout().toMillis(),
                config.maxConnections(),
                10_000);
    }

    @Override
    public void close() {
        pools.values().forEach(ChannelPool::close);
        pools.clear();
    }
}
