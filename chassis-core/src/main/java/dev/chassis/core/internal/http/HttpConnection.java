package dev.chassis.core.internal.http;

import dev.chassis.core.http.Completion;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.PeerIdentity;
import dev.chassis.core.internal.Texts;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection, after Netty's codec: checks each request head, assembles bodies,
 * answers pipelined requests strictly in order (one at a time), enforces the deadlines, and drains
 * on shutdown. Everything here runs on the connection's event loop, except the few methods that
 * say otherwise.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter implements ServerConnection {
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);
    /** The method of a request whose head never arrived, as OpenTelemetry names unknown methods. */
    static final HttpMethod UNKNOWN_METHOD = HttpMethod.valueOf("_OTHER");

    private static final int MAX_QUEUED = 16;
    /**
     * While draining, a connection with nothing in flight closes once it has been this quiet: a
     * request already on its way (a keep-alive client sends the next at once) is answered, with
     * {@code Connection: close}, rather than met by a closed socket.
     */
    static final long DRAIN_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** What an in-memory connection reports as its peer. */
    private static final InetSocketAddress IN_MEMORY_PEER =
            new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);

    private final ServerContext server;
    /** The verified client certificate's identity, on a TLS connection once its handshake is done. */
    private @Nullable PeerIdentity peer;

    private boolean secure;
    /**
     * One stream of an HTTP/2 connection rather than an HTTP/1.1 connection: the stream's child
     * channel is the channel here, and the HTTP/2 connection owns the GOAWAY and the close.
     */
    private final boolean stream;

    private final Dispatcher dispatcher;
    private @Nullable ChannelHandlerContext ctx;
    private @Nullable ScheduledFuture<?> watchdog;

    /** The request whose body is being received. */
    private @Nullable Exchange receiving;
    /** The request being handled; its response is the next to be written. */
    private @Nullable Exchange active;
    /** Complete requests waiting for the active one to be answered. */
    private final ArrayDeque<Exchange> queued = new ArrayDeque<>(2);
    /** Responses handed to the socket whose writes have not finished, oldest first. */
    private final ArrayDeque<Exchange> writing = new ArrayDeque<>(2);

    /** No request is being received: the next bytes start a request head. */
    boolean awaitingHead = true;
    /** When the first byte of the current request head arrived; 0 when none is under way. */
    long headStartNanos;

    long lastActivityNanos;
    /** When the bytes being decoded were read: set by {@link HeadWatch} before the codec sees them. */
    long readNanos;

    /** Set on a TLS port that received plaintext: every request gets this answer. */
    RequestChecks.@Nullable Refusal refuseEvery;

    private int responses;
    private boolean inReadBatch;
    private boolean flushPending;
    /** Input is ignored from now on: a fatal error was found or a final response is on its way. */
    private boolean closing;

    private boolean draining;
    /** Reading stopped because requests queue up behind the active one. */
    private boolean readPaused;
    /** Reading stopped because the socket takes no more output (the client reads slowly). */
    private boolean writeBlocked;

    HttpConnection(ServerContext server, Dispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.stream = false;
    }

    /** One HTTP/2 stream, of a connection with this TLS state. */
    HttpConnection(ServerContext server, Dispatcher dispatcher, boolean secure, @Nullable PeerIdentity peer) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.stream = true;
        this.secure = secure;
        this.peer = peer;
    }

    /** The protocol of this connection's requests: {@code HTTP/2.0} on a stream, else the request's. */
    String protocol(HttpRequest head) {
        return stream ? "HTTP/2.0" : head.protocolVersion().text();
    }

    ServerContext server() {
        return server;
    }

    /** The TLS handshake finished: the session of this connection, and its verified peer. */
    void handshakeDone(javax.net.ssl.SSLSession session) {
        this.secure = true;
        try {
            java.security.cert.Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate leaf) {
                this.peer = PeerIdentity.of(leaf);
            }
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            // client-auth optional, and the client sent no certificate
        }
    }

    /** The verified client of this TLS connection, if it presented a certificate. */
    @Nullable
    PeerIdentity peer() {
        return peer;
    }

    /** Whether this connection speaks TLS. */
    boolean secure() {
        return secure;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Taken out of the pipeline before any request, when ALPN or the preface chose HTTP/2: the
     * HTTP/2 connection takes over, so this one stops its watch and leaves the server's set.
     */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            server.unregister(this);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lastActivityNanos = System.nanoTime();
        server.register(this);
        long tick = server.tickNanos();
        watchdog = ctx.executor().scheduleAtFixedRate(this::checkDeadlines, tick, tick, TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        Exchange r = receiving;
        receiving = null;
        if (r != null) {
            drop(r);
        }
        Exchange a = active;
        active = null;
        if (a != null && a.claim()) {
            Dispatcher.interrupt(a);
            drop(a);
        }
        for (Exchange q; (q = queued.poll()) != null; ) {
            q.claim();
            drop(q);
        }
        server.unregister(this);
        super.channelInactive(ctx);
    }

    private void drop(Exchange exchange) {
        exchange.status = 499;
        complete(exchange, Completion.Outcome.CLIENT_CLOSED);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inReadBatch = true;
        try {
            if (closing) {
                return;
            }
            if (msg instanceof HttpRequest head) {
                onHead(head);
            }
            if (msg instanceof HttpContent content && !closing) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inReadBatch = false;
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            log.debug("connection from {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /**
     * The time for what happens now. While a read is being decoded it is when its bytes were
     * read: the clock is then read once per read rather than for each request's start and
     * response date. Otherwise the clock's.
     */
    long now() {
        return inReadBatch ? readNanos : System.nanoTime();
    }

    // ---- requests in ----

    private void onHead(HttpRequest head) {
        long now = now();
        awaitingHead = false;
        headStartNanos = 0;
        if (stream) {
            // Netty's conversion from HTTP/2 adds these for its own bookkeeping; the client sent none of them.
            head.headers()
                    .remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text())
                    .remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text())
                    .remove(HttpConversionUtil.ExtensionHeaderNames.PATH.text())
                    .remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_WEIGHT.text())
                    .remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_DEPENDENCY_ID.text());
        }
        String target = head.uri();
        int query = target.indexOf('?');
        Exchange exchange = new Exchange(this, head, RequestChecks.path(target, query), query, now);
        server.requestReceived();
        receiving = exchange;
        RequestChecks.Refusal refusal = refuseEvery != null
                ? refuseEvery
                : target.isEmpty()
                        ? new RequestChecks.Refusal(
                                HttpStatusException.badRequest("empty request target"), "bad-request")
                        : RequestChecks.check(head, target, server.config());
        if (refusal != null) {
            fatal(exchange, refusal.problem(), refusal.reason());
            return;
        }
        long length = HttpUtil.getContentLength(head, -1L);
        if (length > server.maxContentLength()) {
            fatal(exchange, tooLarge(), "body-too-large");
            return;
        }
        exchange.expectBody(length);
        if (server.inflateRequests()) {
            String encoding = head.headers().get(HttpHeaderNames.CONTENT_ENCODING);
            if (encoding != null) {
                String e = encoding.strip().toLowerCase(java.util.Locale.ROOT);
                if (e.equals("gzip") || e.equals("x-gzip")) {
                    exchange.gzipBody = true;
                } else if (!e.equals("identity")) {
                    exchange.reject(
                            new HttpStatusException(
                                    415,
                                    "Content-Encoding '" + Texts.excerpt(encoding)
                                            + "' is not supported (expected: gzip)"),
                            "unsupported-encoding");
                }
            }
        }
        if (HttpUtil.is100ContinueExpected(head)) {
            if (active == null && queued.isEmpty()) {
                sendContinue();
            } else {
                exchange.continuePending = true;
            }
        }
    }

    private void onContent(HttpContent content) {
        Exchange exchange = receiving;
        if (exchange == null) {
            return;
        }
        if (content.decoderResult().isFailure()) {
            fatal(exchange, decoderProblem(content.decoderResult().cause()), "bad-request");
            return;
        }
        if (exchange.append(content.content()) > server.maxContentLength()) {
            fatal(exchange, tooLarge(), "body-too-large");
            return;
        }
        if (content instanceof LastHttpContent) {
            exchange.bodyComplete();
            receiving = null;
            awaitingHead = true;
            enqueue(exchange);
        }
    }

    private void sendContinue() {
        ctx.write(
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        flushPending = true;
        if (!inReadBatch) {
            ctx.flush();
        }
    }

    private HttpStatusException tooLarge() {
        return new HttpStatusException(
                413, "the request body is larger than " + server.config().maxContentLength());
    }

    /** Answers a request that leaves the connection unusable, then closes; ignores later input. */
    private void fatal(Exchange exchange, HttpStatusException problem, String reason) {
        exchange.reject(problem, reason);
        exchange.closeAfter = true;
        exchange.bodyComplete();
        receiving = null;
        closing = true;
        enqueue(exchange);
    }

    static HttpStatusException decoderProblem(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new HttpStatusException(414, "the request line is too long");
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return new HttpStatusException(431, "the request header fields are too large");
        }
        String message = cause.getMessage();
        return HttpStatusException.badRequest(
                "malformed request: " + (message == null ? cause.getClass().getSimpleName() : Texts.excerpt(message)));
    }

    private void enqueue(Exchange exchange) {
        if (active == null) {
            start(exchange);
            return;
        }
        queued.add(exchange);
        if (queued.size() >= MAX_QUEUED && !readPaused) {
            readPaused = true;
            updateAutoRead();
        }
    }

    private void start(Exchange exchange) {
        active = exchange;
        exchange.dispatched = true;
        dispatcher.dispatch(exchange);
    }

    // ---- responses out ----

    /** Writes the response of the active exchange; any other response is stale and released. */
    void write(Exchange exchange, FullHttpResponse response) {
        if (exchange != active || !ctx.channel().isActive()) {
            ReferenceCountUtil.release(response);
            return;
        }
        active = null;
        responses++;
        int limit = server.maxRequestsPerConnection();
        boolean lastOfConnection =
                (draining || (limit > 0 && responses >= limit)) && queued.isEmpty() && receiving == null;
        boolean close = exchange.closeAfter || !exchange.keepAliveRequested || lastOfConnection;
        if (close) {
            closing = true;
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (exchange.head.protocolVersion() == HttpVersion.HTTP_1_0) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        long now = now();
        response.headers().set(HttpHeaderNames.DATE, DateHeader.at(now));
        exchange.writeStartNanos = now;
        writing.add(exchange);
        exchange.status = response.status().code();
        exchange.bytesOut = response.content().readableBytes();
        if (exchange.method().equals("HEAD")) {
            FullHttpResponse headOnly = response.replace(Unpooled.EMPTY_BUFFER);
            response.release();
            response = headOnly;
        }
        if (close) {
            ctx.writeAndFlush(response).addListener(exchange).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (inReadBatch) {
            ctx.write(response).addListener(exchange);
            flushPending = true;
        } else {
            ctx.writeAndFlush(response).addListener(exchange);
        }
        Exchange next = queued.poll();
        if (next != null) {
            start(next);
        } else if (receiving != null && receiving.continuePending) {
            receiving.continuePending = false;
            sendContinue();
        }
        if (readPaused && queued.size() < MAX_QUEUED / 2) {
            readPaused = false;
            updateAutoRead();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // Netty buffers what the socket does not take yet; a client that reads slowly while it
        // sends more requests would make that buffer grow without end. Read no more until the
        // buffer drains, and let the write timeout end a client that does not drain it.
        writeBlocked = !ctx.channel().isWritable();
        updateAutoRead();
        super.channelWritabilityChanged(ctx);
    }

    private void updateAutoRead() {
        ctx.channel().config().setAutoRead(!(readPaused || writeBlocked));
    }

    /** Called once the response write has finished, or the exchange was dropped. */
    void complete(Exchange exchange, Completion.Outcome outcome) {
        if (writing.peek() == exchange) {
            writing.poll();
        } else {
            writing.remove(exchange);
        }
        exchange.outcome = exchange.aborted
                ? Completion.Outcome.ABORTED
                : exchange.writeTimedOut ? Completion.Outcome.WRITE_TIMEOUT : outcome;
        exchange.endNanos = System.nanoTime();
        lastActivityNanos = exchange.endNanos;
        server.requestEnded();
        if (exchange.dispatched) {
            server.notifyComplete(exchange);
        }
    }

    /** Gives up on an exchange whose response cannot even be encoded. May run on any thread. */
    void abortAndClose(Exchange exchange) {
        execute(() -> {
            if (exchange == active) {
                active = null;
                exchange.status = 500;
                complete(exchange, Completion.Outcome.CLIENT_CLOSED);
                ctx.close();
            }
        });
    }

    // ---- deadlines and shutdown ----

    private void checkDeadlines() {
        long now = System.nanoTime();
        Exchange a = active;
        if (a != null && a.deadlineNanos != 0 && now - a.deadlineNanos > 0 && a.claim()) {
            Dispatcher.interrupt(a);
            server.requestTimedOut();
            dispatcher.respondProblem(
                    a,
                    HttpStatusException.unavailable(
                            "the request took longer than the server's limit of "
                                    + server.config().requestTimeout(),
                            Duration.ofSeconds(1)));
            return;
        }
        Exchange w = writing.peek();
        if (w != null && now - w.writeStartNanos > server.writeTimeoutNanos()) {
            for (Exchange e : writing) {
                e.writeTimedOut = true;
            }
            server.writeTimedOut();
            log.debug(
                    "closing the connection from {}: a response was not written within {}",
                    ctx.channel().remoteAddress(),
                    server.config().writeTimeout());
            closing = true;
            ctx.close();
            return;
        }
        if (draining && idle() && now - lastActivityNanos > DRAIN_QUIET_NANOS) {
            closing = true;
            ctx.close();
            return;
        }
        if (closing) {
            return;
        }
        Exchange r = receiving;
        if (r != null && now - r.startNanos > server.requestTimeoutNanos()) {
            fatal(r, new HttpStatusException(408, "the request body did not arrive in time"), "body-timeout");
            return;
        }
        if (awaitingHead && headStartNanos != 0 && now - headStartNanos > server.headTimeoutNanos()) {
            timeOutHead();
            return;
        }
        if (idle() && now - lastActivityNanos > server.idleTimeoutNanos()) {
            closing = true;
            ctx.close();
        }
    }

    /** Nothing in flight, being written or arriving. */
    private boolean idle() {
        return active == null && receiving == null && queued.isEmpty() && writing.isEmpty() && headStartNanos == 0;
    }

    /**
     * A request head trickled in too slowly: answered 408, after any responses still owed, as a
     * request of unknown method and target, so that it is logged and counted like any refusal;
     * then the connection closes.
     */
    private void timeOutHead() {
        long started = headStartNanos;
        headStartNanos = 0;
        server.headTimedOut();
        Exchange exchange =
                new Exchange(this, new DefaultHttpRequest(HttpVersion.HTTP_1_1, UNKNOWN_METHOD, "*"), "*", -1, started);
        server.requestReceived();
        fatal(exchange, new HttpStatusException(408, "the request head did not arrive in time"), "head-timeout");
    }

    /**
     * Starts draining: the next response carries {@code Connection: close}, and a connection with
     * nothing in flight closes once it has been quiet for {@link #DRAIN_QUIET_NANOS}.
     */
    @Override
    public void drain() {
        draining = true;
        if (stream) {
            return;
        }
        long quietFor = System.nanoTime() - lastActivityNanos;
        if (idle() && quietFor > DRAIN_QUIET_NANOS) {
            closing = true;
            ctx.close();
            return;
        }
        ctx.executor()
                .schedule(this::checkDeadlines, Math.max(0, DRAIN_QUIET_NANOS - quietFor) + 1, TimeUnit.NANOSECONDS);
    }

    /** At the end of the grace period: answers what is still in flight with 503, then closes. */
    @Override
    public void abort() {
        HttpStatusException shuttingDown =
                HttpStatusException.unavailable("the server is shutting down", Duration.ofSeconds(1));
        Exchange r = receiving;
        if (r != null) {
            r.aborted = true;
            server.requestAborted();
            fatal(r, shuttingDown, "shutdown");
        }
        Exchange a = active;
        if (a != null && a.claim()) {
            Dispatcher.interrupt(a);
            a.aborted = true;
            a.closeAfter = true;
            server.requestAborted();
            dispatcher.respondProblem(a, shuttingDown);
            return;
        }
        if (a == null) {
            ctx.close();
        }
    }

    // ---- for exchanges, from any thread ----

    boolean inEventLoop() {
        return ctx.executor().inEventLoop();
    }

    boolean inEventLoop(Thread thread) {
        return ctx.executor().inEventLoop(thread);
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

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    InetSocketAddress remoteAddress() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet : IN_MEMORY_PEER;
    }
}
