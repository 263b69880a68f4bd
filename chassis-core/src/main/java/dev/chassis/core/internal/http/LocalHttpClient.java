package dev.chassis.core.internal.http;

import dev.chassis.core.http.InMemoryClient;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An {@link InMemoryClient} over Netty's local transport: one connection per request. */
public final class LocalHttpClient implements InMemoryClient {
    private final EventLoopGroup group;
    private final LocalAddress address;

    public LocalHttpClient(EventLoopGroup group, LocalAddress address) {
        this.group = group;
        this.address = address;
    }

    @Override
    public Result send(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(LocalChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(64 * 1024 * 1024))
                                .addLast(new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                                        Map<String, List<String>> h = new LinkedHashMap<>();
                                        msg.headers()
                                                .forEach(e -> h.computeIfAbsent(
                                                                e.getKey().toLowerCase(Locale.ROOT),
                                                                k -> new ArrayList<>())
                                                        .add(e.getValue()));
                                        result.complete(new Result(
                                                msg.status().code(), h, ByteBufUtil.getBytes(msg.content())));
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        result.completeExceptionally(
                                                new IllegalStateException("connection closed without a response"));
                                    }
                                });
                    }
                });
        Channel channel = bootstrap.connect(address).syncUninterruptibly().channel();
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri, Unpooled.wrappedBuffer(body));
        headers.forEach((name, values) -> request.headers().add(name, values));
        if (!request.headers().contains(HttpHeaderNames.HOST)) {
            request.headers().set(HttpHeaderNames.HOST, "in-memory");
        }
        if (body.length > 0 || !request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        channel.writeAndFlush(request);
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new IllegalStateException("interrupted while waiting for the response", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            channel.close();
            throw new IllegalStateException("no response within 30 s", e);
        }
    }
}
