package dev.chassis.core.internal.http;

import dev.chassis.core.common.ChassisException;
import dev.chassis.core.common.Durations;
import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.config.TlsConfig;
import dev.chassis.core.http.ExceptionMapper;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.internal.json.JsonCodec;
import dev.chassis.core.internal.netty.EventLoops;
import dev.chassis.core.internal.tls.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty HTTP/1.1 and HTTP/2 server: one event-loop group (native epoll where available), the main
 * listener (plaintext or TLS), an optional TLS listener beside a plaintext main one, an optional
 * admin listener, and the drain that ends it. Thread-safe.
 */
public final class HttpServer {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final ServerConfig config;
    private final AdminConfig admin;
    private final ServerContext context;
    private final HandlerExecutor executor;
    private final Dispatcher mainDispatcher;
    private final @Nullable Dispatcher adminDispatcher;
    private final Dispatcher inMemoryDispatcher;
    private final EventLoops loops;
    private final List<Channel> listeners = new ArrayList<>(2);
    private @Nullable ServerTls tls;
    private int port = -1;
    private int adminPort = -1;
    private int tlsPort = -1;

    private HttpServer(
            ServerConfig config,
            AdminConfig admin,
            JsonCodec json,
            List<RouteDefinition> routes,
            List<Filter> filters,
            List<ExchangeListener> exchangeListeners,
            List<ExceptionMapper> exceptionMappers,
            ServerCounters counters,
            EventLoops loops) {
        this.config = config;
        this.admin = admin;
        this.loops = loops;
        this.context = new ServerContext(config, json, exchangeListeners, exceptionMappers, counters);
        this.executor = HandlerExecutor.create(config);
        ResponseEncoder encoder = new ResponseEncoder(json);
        ResponseCompression compression =
                config.compression().enabled() ? new ResponseCompression(config.compression()) : null;
        List<RouteDefinition> main = new ArrayList<>();
        List<RouteDefinition> adminRoutes = new ArrayList<>();
        for (RouteDefinition route : routes) {
            (route.admin() && admin.separatePort() ? adminRoutes : main).add(route);
        }
        this.mainDispatcher = new Dispatcher(main, filters, executor, encoder, compression, config.requestTimeout());
        this.adminDispatcher = admin.separatePort()
                ? new Dispatcher(adminRoutes, filters, executor, encoder, compression, config.requestTimeout())
                : null;
        List<RouteDefinition> all = new ArrayList<>(main);
        all.addAll(adminRoutes);
        this.inMemoryDispatcher = adminDispatcher == null
                ? mainDispatcher
                : new Dispatcher(all, filters, executor, encoder, compression, config.requestTimeout());
    }

    /**
     * Prepares a server; nothing is bound until {@link #start()}.
     *
     * @throws IllegalArgumentException if two routes clash or a template is invalid
     * @throws ConfigException if the transport or executor asked for is not available
     */
    public static HttpServer create(
            ServerConfig config,
            AdminConfig admin,
            JsonCodec json,
            List<RouteDefinition> routes,
            List<Filter> filters,
            List<ExchangeListener> listeners,
            List<ExceptionMapper> exceptionMappers,
            ServerCounters counters,
            EventLoops loops) {
        return new HttpServer(config, admin, json, routes, filters, listeners, exceptionMappers, counters, loops);
    }

    /**
     * Binds the main routes to an in-memory address only: no socket, the same pipeline. Admin
     * routes share it.
     */
    public void startInMemory(LocalAddress address) throws InterruptedException {
        Dispatcher dispatcher = adminDispatcher == null ? mainDispatcher : inMemoryDispatcher;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.localGroup())
                .channel(LocalServerChannel.class)
                .childHandler(initializer(dispatcher, null, null));
        listeners.add(bootstrap.bind(address).sync().channel());
        log.info("HTTP server in memory at {} (no socket)", address);
    }

    /**
     * Binds the listeners.
     *
     * @throws dev.chassis.core.config.ConfigException when TLS is on and its files are missing,
     *     unreadable, mismatched or out of date, naming the key and the file
     */
    public void start() throws InterruptedException {
        TlsConfig tlsConfig = config.tls();
        try {
            if (tlsConfig.enabled()) {
                tls = ServerTls.create(tlsConfig, "server.tls.", config.http2().enabled());
            }
            boolean mainTls = tls != null && !tlsConfig.separatePort();
            port = bind("server", config.host(), config.port(), mainDispatcher, mainTls ? tls : null);
            if (tls != null) {
                tlsPort = mainTls ? port : bind("server.tls", config.host(), tlsConfig.port(), mainDispatcher, tls);
                tls.startReloading(loops.group());
            }
            if (adminDispatcher != null) {
                adminPort = bind("admin", admin.host(), admin.port(), adminDispatcher, null);
            }
        } catch (Exception e) {
            stopEventLoops();
            throw e;
        }
        log.info(
                "HTTP server listening on {}:{}{}{} ({}, {} event loops, handlers on {})",
                config.host(),
                port,
                tls == null
                        ? ""
                        : tlsPort == port
                                ? " with TLS (" + tls.describe() + ")"
                                : ", TLS on " + tlsPort + " (" + tls.describe() + ")",
                adminDispatcher != null ? ", admin on " + admin.host() + ":" + adminPort : "",
                loops.epoll() ? "epoll" : "nio",
                loops.threads(),
                executor.virtual() ? "virtual threads" : config.workerThreads() + " pool threads");
    }

    /**
     * The pipeline of a connection.
     *
     * @param tls the TLS of a TLS listener, null for a plaintext one
     * @param listener what a plaintext listener is called in a log line, null in memory
     */
    private ChannelInitializer<Channel> initializer(
            Dispatcher dispatcher, @Nullable ServerTls tls, @Nullable String listener) {
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxInitialLineLength().toIntBytes())
                .setMaxHeaderSize(config.maxHeaderSize().toIntBytes())
                .setMaxChunkSize(65_536);
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (!context.tryOpen()) {
                    ch.close();
                    return;
                }
                ch.closeFuture().addListener(f -> context.closed());
                HttpConnection connection = new HttpConnection(context, dispatcher);
                boolean http2 = config.http2().enabled();
                if (tls != null) {
                    ch.pipeline().addLast("tls-detect", new TlsDetector(tls, connection));
                    if (http2) {
                        ch.pipeline().addLast("alpn", new AlpnSwitch(context, dispatcher, connection));
                    }
                } else {
                    if (listener != null) {
                        ch.pipeline().addLast("plain-guard", new PlainPortGuard(listener));
                    }
                    if (http2 && config.http2().h2c()) {
                        ch.pipeline().addLast("h2c-preface", new H2cPreface(context, dispatcher, connection));
                    }
                }
                ch.pipeline()
                        .addLast("head-watch", new HeadWatch(connection))
                        .addLast("codec", new HttpServerCodec(decoder))
                        .addLast("http", connection);
            }
        };
    }

    /**
     * Binds a listener.
     *
     * @param section the configuration section of its host and port, named in the failure
     * @throws ChassisException naming the address and the keys when it cannot be bound
     */
    private int bind(String section, String host, int port, Dispatcher dispatcher, @Nullable ServerTls tls)
            throws InterruptedException {
        Class<? extends ServerChannel> channelType = loops.serverChannel();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer(dispatcher, tls, section.equals("admin") ? "admin port" : "port"));
        Channel channel;
        try {
            channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            String why = e.getMessage() != null && e.getMessage().contains("Address already in use")
                    ? "the port is in use by another process"
                    : String.valueOf(e.getMessage());
            throw new ChassisException(
                    "cannot listen on " + host + ":" + port + ": " + why + " (set " + section + ".port, or " + section
                            + ".host to bind another address)",
                    e);
        }
        listeners.add(channel);
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The bound main port. */
    public int port() {
        return port;
    }

    /** The bound TLS port (the main port when it speaks TLS), or -1 without TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The server's TLS, when it has any. */
    public @Nullable ServerTls tls() {
        return tls;
    }

    /** The bound admin port, or the main port when admin routes share it. */
    public int adminPort() {
        return adminDispatcher == null ? port : adminPort;
    }

    /** Whether handlers run on virtual threads. */
    public boolean virtualThreads() {
        return executor.virtual();
    }

    /** Whether the native epoll transport is in use. */
    public boolean epoll() {
        return loops.epoll();
    }

    /**
     * Closes the listeners, lets in-flight requests finish within the grace period, answers
     * what is left with 503 and closes every connection.
     *
     * @return how many requests were aborted
     */
    public long drain(Duration grace) throws InterruptedException {
        long begin = System.nanoTime();
        if (tls != null) {
            tls.stopReloading();
        }
        for (Channel listener : listeners) {
            listener.close().sync();
        }
        log.info(
                "HTTP server stopped accepting connections on port {}{}; draining {} connection(s) with {} request(s)"
                        + " in flight, for at most {}",
                port,
                adminDispatcher != null ? " and admin port " + adminPort : "",
                context.connections().size(),
                context.counters.inFlight.get(),
                Durations.format(grace));
        for (ServerConnection connection : context.connections()) {
            connection.execute(connection::drain);
        }
        long abortedBefore = context.counters.aborted.sum();
        boolean drained = context.awaitNoConnections(System.nanoTime() + grace.toNanos());
        if (drained) {
            log.info("HTTP server drained in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        } else {
            int left = context.connections().size();
            log.warn(
                    "{} connection(s) still busy after the {} grace period; aborting their requests",
                    left,
                    Durations.format(grace));
            for (ServerConnection connection : context.connections()) {
                connection.execute(connection::abort);
            }
            context.awaitNoConnections(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
        return context.counters.aborted.sum() - abortedBefore;
    }

    /** Stops the handler pool and the shared event loops. */
    public void stopEventLoops() {
        executor.shutdown();
        loops.shutdown();
    }
}
