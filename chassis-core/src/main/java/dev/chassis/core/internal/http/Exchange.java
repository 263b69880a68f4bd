package dev.chassis.core.internal.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.chassis.core.http.AttributeKey;
import dev.chassis.core.http.Completion;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Param;
import dev.chassis.core.http.PeerIdentity;
import dev.chassis.core.http.Request;
import dev.chassis.core.internal.HeaderChecks;
import dev.chassis.core.internal.Texts;
import dev.chassis.core.internal.routing.RouteMatch;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One request and its response as they cross the server: the {@link Request} handlers see, the
 * {@link Completion} listeners get, and the task that hands a response back to the event loop.
 * The first response offered wins (handler, timeout or shutdown); later ones are released.
 */
final class Exchange implements Request, Completion, Runnable, ChannelFutureListener {
    private static final byte[] NO_BODY = new byte[0];
    private static final AtomicIntegerFieldUpdater<Exchange> RESPONDED =
            AtomicIntegerFieldUpdater.newUpdater(Exchange.class, "responded");

    final HttpConnection connection;
    final HttpRequest head;
    private final String method;
    private final String uri;
    private final String path;
    private final int queryStart;
    final long startNanos;
    final boolean keepAliveRequested;

    private byte[] body = NO_BODY;
    private int bodyLength;
    private @Nullable QueryStringDecoder query;
    /**
     * Attribute keys and values in turn, compared by identity: a request carries a handful (its
     * correlation ID, its span), which a scan finds sooner than a hash table is built.
     */
    private Object @Nullable [] attributes;

    private int attributeCount;
    private @Nullable List<Map.Entry<String, String>> responseHeaders;
    private @Nullable List<Consumer<Completion>> callbacks;

    @Nullable
    RouteMatch<RouteEntry> match;
    /** Set when the server refuses the request before any handler: the answer to give. */
    @Nullable
    HttpStatusException rejection;

    @Nullable
    String rejectionReason;
    /** The body arrived with {@code Content-Encoding: gzip}: inflated before the handler runs. */
    boolean gzipBody;
    /** The connection must close after this exchange, whatever the client asked. */
    boolean closeAfter;
    /** A {@code 100 Continue} is owed once the earlier responses are written. */
    boolean continuePending;
    /** Listeners were told of it; they hear of its completion too. */
    boolean dispatched;
    /** Given up on at the end of the shutdown grace period. */
    boolean aborted;

    /** When its response was handed to the socket; the write timeout runs from here. */
    long writeStartNanos;
    /** Its response was still being written when the write timeout closed the connection. */
    boolean writeTimedOut;

    volatile int responded;
    volatile @Nullable Thread handlerThread;
    long deadlineNanos;
    private @Nullable FullHttpResponse pending;

    int status;
    long bytesOut;
    Outcome outcome = Outcome.COMPLETED;

    @Nullable
    Throwable failure;

    long endNanos;

    Exchange(HttpConnection connection, HttpRequest head, String path, int queryStart, long startNanos) {
        this.connection = connection;
        this.head = head;
        this.method = head.method().name();
        this.uri = head.uri();
        this.path = path;
        this.queryStart = queryStart;
        this.startNanos = startNanos;
        this.keepAliveRequested = io.netty.handler.codec.http.HttpUtil.isKeepAlive(head);
    }

    // ---- body assembly, on the event loop ----

    void expectBody(long contentLength) {
        if (contentLength > 0) {
            body = new byte[(int) contentLength];
        }
    }

    /** Appends body bytes; returns the length so far. */
    int append(io.netty.buffer.ByteBuf content) {
        int n = content.readableBytes();
        if (n == 0) {
            return bodyLength;
        }
        if (bodyLength + n > body.length) {
            body = java.util.Arrays.copyOf(body, Math.max(bodyLength + n, Math.max(256, body.length * 2)));
        }
        content.readBytes(body, bodyLength, n);
        bodyLength += n;
        return bodyLength;
    }

    void bodyComplete() {
        if (bodyLength != body.length) {
            body = bodyLength == 0 ? NO_BODY : java.util.Arrays.copyOf(body, bodyLength);
        }
    }

    /**
     * Inflates a gzip body in place, to at most {@code max} bytes; the problem to answer when it
     * inflates to more (413) or is not gzip (400), null when it is done.
     */
    @Nullable
    HttpStatusException inflateBody(long max) {
        gzipBody = false;
        byte[] out = new byte[(int) Math.min(max + 1, Math.max(1024, (long) body.length * 4))];
        int length = 0;
        try (java.util.zip.GZIPInputStream in =
                new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body), 8192)) {
            while (true) {
                if (length == out.length) {
                    // out holds at most max + 1 bytes, so a full one has gone past the limit
                    if (length > max) {
                        return tooLargeInflated();
                    }
                    out = java.util.Arrays.copyOf(out, (int) Math.min(max + 1, (long) out.length * 2));
                }
                int n = in.read(out, length, out.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
                if (length > max) {
                    return tooLargeInflated();
                }
            }
        } catch (java.io.IOException e) {
            return HttpStatusException.badRequest("the request body is not valid gzip (Content-Encoding: gzip)");
        }
        body = java.util.Arrays.copyOf(out, length);
        bodyLength = length;
        // The handler sees the body as it is now.
        head.headers().remove(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_ENCODING);
        head.headers().setInt(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH, length);
        return null;
    }

    private HttpStatusException tooLargeInflated() {
        return new HttpStatusException(
                413,
                "the request body inflates to more than "
                        + connection.server().config().maxContentLength());
    }

    void reject(HttpStatusException answer, String reason) {
        this.rejection = answer;
        this.rejectionReason = reason;
    }

    // ---- response hand-off ----

    /** Claims the right to respond; true for exactly one caller. */
    boolean claim() {
        return RESPONDED.compareAndSet(this, 0, 1);
    }

    /** Hands a response to the event loop; the caller must have {@link #claim() claimed}. */
    void respond(FullHttpResponse response) {
        if (connection.inEventLoop()) {
            connection.write(this, response);
        } else {
            pending = response;
            if (!connection.execute(this)) {
                ReferenceCountUtil.release(response);
            }
        }
    }

    @Override
    public void run() {
        FullHttpResponse response = pending;
        pending = null;
        if (response != null) {
            connection.write(this, response);
        }
    }

    @Override
    public void operationComplete(ChannelFuture future) {
        connection.complete(this, future.isSuccess() ? Outcome.COMPLETED : Outcome.CLIENT_CLOSED);
    }

    @Nullable
    List<Consumer<Completion>> callbacks() {
        return callbacks;
    }

    @Nullable
    List<Map.Entry<String, String>> extraHeaders() {
        return responseHeaders;
    }

    // ---- Request ----

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public Optional<String> route() {
        RouteMatch<RouteEntry> m = match;
        // A 405 and an automatic OPTIONS answer carry the template of the route with this path.
        return m == null || m.template().isEmpty() ? Optional.empty() : Optional.of(m.template());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> routeAttribute(AttributeKey<T> key) {
        requireNonNull(key, "key");
        RouteMatch<RouteEntry> m = match;
        if (m == null || m.kind() != RouteMatch.Kind.FOUND) {
            return Optional.empty();
        }
        return Optional.ofNullable((T) m.route().attributes().get(key));
    }

    @Override
    public Param pathParam(String name) {
        requireNonNull(name, "name");
        RouteMatch<RouteEntry> m = match;
        String value = m == null ? null : m.value(name);
        if (value == null) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: a parameter of "
                    + (m == null || m.template().isEmpty() ? "the route" : m.template()) + ")");
        }
        return Param.of(Param.Kind.PATH, name, value);
    }

    @Override
    public Map<String, String> pathParams() {
        RouteMatch<RouteEntry> m = match;
        if (m == null || m.values().length == 0) {
            return Map.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < m.values().length; i++) {
            params.put(m.names().get(i), m.values()[i]);
        }
        return Collections.unmodifiableMap(params);
    }

    @Override
    public Param queryParam(String name) {
        List<String> values = queryParams(name);
        return Param.of(Param.Kind.QUERY, name, values.isEmpty() ? null : values.get(0));
    }

    @Override
    public List<String> queryParams(String name) {
        requireNonNull(name, "name");
        if (queryStart < 0) {
            return List.of();
        }
        QueryStringDecoder q = query;
        if (q == null) {
            query = q = new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, 1024, true);
        }
        List<String> values = q.parameters().get(name);
        return values == null ? List.of() : Collections.unmodifiableList(values);
    }

    @Override
    public Optional<String> header(CharSequence name) {
        return Optional.ofNullable(head.headers().get(name));
    }

    @Override
    public List<String> headers(CharSequence name) {
        return Collections.unmodifiableList(head.headers().getAll(name));
    }

    @Override
    public List<Map.Entry<String, String>> headers() {
        HttpHeaders headers = head.headers();
        List<Map.Entry<String, String>> all = new ArrayList<>(headers.size());
        headers.forEach(all::add);
        return Collections.unmodifiableList(all);
    }

    @Override
    public Optional<String> contentType() {
        return header(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE);
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public String bodyAsString() {
        Charset charset = io.netty.handler.codec.http.HttpUtil.getCharset(head, StandardCharsets.UTF_8);
        return new String(body, charset);
    }

    @Override
    public <T> T body(Class<T> type) {
        requireNonNull(type, "type");
        checkJson();
        return connection.server().json().read(body, connection.server().json().type(type));
    }

    @Override
    public <T> T body(TypeReference<T> type) {
        requireNonNull(type, "type");
        checkJson();
        return connection.server().json().read(body, connection.server().json().type(type));
    }

    private void checkJson() {
        String contentType = head.headers().get(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null) {
            if (body.length == 0) {
                return;
            }
            throw new HttpStatusException(415, "a JSON body needs Content-Type: application/json");
        }
        String mime = contentType;
        int semicolon = mime.indexOf(';');
        if (semicolon >= 0) {
            mime = mime.substring(0, semicolon);
        }
        mime = mime.strip().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/json") && !(mime.startsWith("application/") && mime.endsWith("+json"))) {
            throw new HttpStatusException(
                    415, "expected Content-Type application/json, not '" + Texts.excerpt(contentType) + "'");
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public Optional<PeerIdentity> peerIdentity() {
        return Optional.ofNullable(connection.peer());
    }

    @Override
    public boolean secure() {
        return connection.secure();
    }

    @Override
    public String protocol() {
        return connection.protocol(head);
    }

    @Override
    public long startNanos() {
        return startNanos;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> attribute(AttributeKey<T> key) {
        requireNonNull(key, "key");
        return Optional.ofNullable((T) findAttribute(key));
    }

    /** The attribute without wrapping, for the server's own use. */
    @Nullable
    Object rawAttribute(AttributeKey<?> key) {
        return findAttribute(key);
    }

    private @Nullable Object findAttribute(AttributeKey<?> key) {
        Object[] pairs = attributes;
        for (int i = 0; i < attributeCount; i += 2) {
            if (pairs[i] == key) {
                return pairs[i + 1];
            }
        }
        return null;
    }

    @Override
    public <T> void attribute(AttributeKey<T> key, T value) {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        if (!key.accepts(value)) {
            throw new IllegalArgumentException(key + ": value of "
                    + value.getClass().getName() + " (expected: " + key.type().getName() + ")");
        }
        Object[] pairs = attributes;
        for (int i = 0; i < attributeCount; i += 2) {
            if (pairs[i] == key) {
                pairs[i + 1] = value;
                return;
            }
        }
        if (pairs == null) {
            pairs = new Object[8];
            attributes = pairs;
        } else if (attributeCount == pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
            attributes = pairs;
        }
        pairs[attributeCount] = key;
        pairs[attributeCount + 1] = value;
        attributeCount += 2;
    }

    @Override
    public void addResponseHeader(String name, String value) {
        HeaderChecks.name(name);
        HeaderChecks.value(name, value);
        if (responseHeaders == null) {
            responseHeaders = new ArrayList<>(2);
        }
        responseHeaders.add(Map.entry(name, value));
    }

    @Override
    public void onComplete(Consumer<Completion> callback) {
        requireNonNull(callback, "callback");
        if (callbacks == null) {
            callbacks = new ArrayList<>(2);
        }
        callbacks.add(callback);
    }

    // ---- Completion ----

    @Override
    public int status() {
        return status;
    }

    @Override
    public Outcome outcome() {
        return outcome;
    }

    @Override
    public long bytesIn() {
        return bodyLength;
    }

    @Override
    public long bytesOut() {
        return bytesOut;
    }

    @Override
    public long durationNanos() {
        return endNanos - startNanos;
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public Optional<String> rejection() {
        return Optional.ofNullable(rejectionReason);
    }

    @Override
    public String toString() {
        return method + " " + Texts.excerpt(uri);
    }
}
