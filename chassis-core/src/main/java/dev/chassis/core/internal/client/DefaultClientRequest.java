package dev.chassis.core.internal.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import dev.chassis.core.client.CallPolicy;
import dev.chassis.core.client.ClientConfig;
import dev.chassis.core.client.ClientCredentials;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientObserver;
import dev.chassis.core.client.ClientRejectedException;
import dev.chassis.core.client.ClientRequest;
import dev.chassis.core.client.ClientResponse;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.InstanceGate;
import dev.chassis.core.client.OutboundRequest;
import dev.chassis.core.client.ServiceInstance;
import dev.chassis.core.context.ContextPropagation;
import dev.chassis.core.context.ContextPropagator;
import dev.chassis.core.context.Deadline;
import dev.chassis.core.internal.HeaderChecks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One outbound call: built, then run through the call policy in attempts, each resolving the
 * downstream, picking an instance the gate admits and sending over the transport with the
 * observers' headers. Not thread-safe until sent; the attempts may run on any thread.
 */
final class DefaultClientRequest implements ClientRequest, OutboundRequest, CallPolicy.Attempt<TransportResponse> {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    private final DefaultServiceClient client;
    private final String method;
    private final String route;
    private final String path;
    private final StringBuilder query = new StringBuilder();
    private final List<Map.Entry<String, String>> headers = new ArrayList<>(2);
    private @Nullable Object entity;
    private boolean hasIdempotencyKey;
    private @Nullable Function<? super ClientException, ?> fallback;

    private byte @Nullable [] body;
    private @Nullable Deadline deadline;
    /** The caller's context, captured when the call is sent. */
    private ContextPropagation.@Nullable Snapshot context;

    DefaultClientRequest(DefaultServiceClient client, String method, String pathTemplate, Object[] parameters) {
        this.client = client;
        this.method = requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        this.route = requireNonNull(pathTemplate, "pathTemplate");
        this.path = PathTemplates.expand(pathTemplate, requireNonNull(parameters, "pathParameters"));
    }

    // ---- building ----

    @Override
    public ClientRequest header(String name, String value) {
        HeaderChecks.name(name);
        HeaderChecks.value(name, value);
        headers.add(Map.entry(name, value));
        return this;
    }

    @Override
    public ClientRequest query(String name, Object value) {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
        query.append(query.length() == 0 ? '?' : '&')
                .append(PathTemplates.encodeQuery(name))
                .append('=')
                .append(PathTemplates.encodeQuery(value.toString()));
        return this;
    }

    @Override
    public ClientRequest body(Object entity) {
        this.entity = requireNonNull(entity, "entity");
        return this;
    }

    @Override
    public ClientRequest idempotencyKey(String key) {
        header("Idempotency-Key", requireNonNull(key, "key"));
        hasIdempotencyKey = true;
        return this;
    }

    @Override
    public <T> ClientRequest fallback(Function<? super ClientException, ? extends T> fallback) {
        this.fallback = requireNonNull(fallback, "fallback");
        return this;
    }

    // ---- OutboundRequest ----

    @Override
    public String downstream() {
        return client.name();
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String route() {
        return route;
    }

    @Override
    public boolean idempotent() {
        return hasIdempotencyKey || IDEMPOTENT.contains(method);
    }

    /** The filled path with its query: {@code /accounts/7?currency=EUR}. */
    String pathAndQuery() {
        return path + query;
    }

    @Override
    public String path() {
        return query.length() == 0 ? path : path + query;
    }

    @Override
    public Optional<Deadline> deadline() {
        return Optional.ofNullable(deadline);
    }

    @Override
    public boolean hasFallback() {
        return fallback != null;
    }

    // ---- sending ----

    @Override
    public <T> T send(Class<T> type) {
        return typed(client.clients().json().type(type), type.getSimpleName());
    }

    @Override
    public <T> T send(TypeReference<T> type) {
        return typed(client.clients().json().type(type), type.getType().getTypeName());
    }

    private <T> T typed(JavaType type, String name) {
        TransportResponse response;
        try {
            response = await(call());
        } catch (ClientException e) {
            return fallback(e);
        }
        return decode(response, type, name);
    }

    @Override
    public ClientResponse send() {
        try {
            return new DefaultClientResponse(
                    downstream(), await(call()), client.clients().json());
        } catch (ClientStatusException e) {
            ClientResponse whole = e.response().orElse(null);
            if (whole != null && fallback == null) {
                return whole;
            }
            return fallback(e);
        } catch (ClientException e) {
            return fallback(e);
        }
    }

    @Override
    public <T> CompletionStage<T> sendAsync(Class<T> type) {
        return async(call(), client.clients().json().type(type), type.getSimpleName());
    }

    @Override
    public <T> CompletionStage<T> sendAsync(TypeReference<T> type) {
        return async(call(), client.clients().json().type(type), type.getType().getTypeName());
    }

    /** Starts the call: the policy decides the attempts. */
    private CompletableFuture<TransportResponse> call() {
        context = ContextPropagation.capture();
        deadline = Deadline.current().orElse(null);
        if (entity != null) {
            try {
                body = client.clients().json().writeBytes(entity);
            } catch (JsonProcessingException e) {
                throw new ClientException(
                        downstream(), "cannot write the request body as JSON: " + e.getOriginalMessage(), e);
            }
        }
        return client.clients().policy().execute(this, this).toCompletableFuture();
    }

    private TransportResponse await(CompletableFuture<TransportResponse> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ClientException(downstream(), "interrupted while waiting for the response", e);
        } catch (ExecutionException e) {
            throw ResponseErrors.failure(
                    downstream(), e.getCause(), client.config().responseTimeout());
        } catch (CancellationException e) {
            throw ResponseErrors.failure(downstream(), e, client.config().responseTimeout());
        }
    }

    /** The per-call fallback's answer, or the failure when there is none. */
    @SuppressWarnings("unchecked")
    private <T> T fallback(ClientException failure) {
        if (fallback == null) {
            throw failure;
        }
        return (T) fallback.apply(failure);
    }

    private <T> @Nullable T decode(TransportResponse response, JavaType type, String name) {
        if (response.status() == 204 || response.body().length == 0) {
            return null;
        }
        return new DefaultClientResponse(
                        downstream(), response, client.clients().json())
                .read(type, name);
    }

    private <T> CompletionStage<T> async(CompletableFuture<TransportResponse> future, JavaType type, String name) {
        CompletableFuture<T> result = new CompletableFuture<>();
        // Completed on a task thread, never the event loop, with the caller's context.
        future.whenComplete((response, failure) -> client.clients().executor().execute(() -> {
            try (ContextPropagator.Scope ignored = context.attach()) {
                T value = failure == null
                        ? decode(response, type, name)
                        : fallback(ResponseErrors.failure(
                                downstream(), failure, client.config().responseTimeout()));
                result.complete(value);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    // ---- one attempt ----

    @Override
    public CompletionStage<TransportResponse> start() {
        return attempt(null);
    }

    /** The limit joins the response timer the transport keeps anyway: no timer of its own. */
    @Override
    public CompletionStage<TransportResponse> start(Duration limit) {
        return attempt(requireNonNull(limit, "limit"));
    }

    @Override
    public TransportResponse respond(@Nullable Object entity) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (entity == null) {
            return new TransportResponse(204, headers, new byte[0]);
        }
        try {
            byte[] bytes = client.clients().json().writeBytes(entity);
            headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            return new TransportResponse(200, headers, bytes);
        } catch (JsonProcessingException e) {
            throw new ClientException(downstream(), "cannot write the fallback as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private CompletionStage<TransportResponse> attempt(@Nullable Duration limit) {
        ClientConfig config = client.config();
        Duration timeout = config.responseTimeout();
        if (limit != null && limit.compareTo(timeout) < 0) {
            timeout = limit;
        }
        if (deadline != null) {
            Duration left = deadline.remaining();
            if (left.isNegative() || left.isZero()) {
                return CompletableFuture.failedFuture(new ClientRejectedException(
                        downstream(),
                        ClientRejectedException.Reason.DEADLINE,
                        "the request's deadline has passed",
                        null));
            }
            if (left.compareTo(timeout) < 0) {
                timeout = left;
            }
        }
        String auth = config.auth();
        if (!auth.equals(ClientConfig.AUTH_NONE)) {
            return withCredentials(auth, config, timeout);
        }
        return pickAndSend(config, timeout, Map.of());
    }

    /** Gets the attempt's credential first; a cancelled attempt cancels what it started. */
    private CompletionStage<TransportResponse> withCredentials(String auth, ClientConfig config, Duration timeout) {
        ClientCredentials credentials = client.clients().credentials(auth);
        if (credentials == null) {
            return CompletableFuture.failedFuture(new ClientException(
                    downstream(),
                    "clients." + downstream() + ".auth: '" + auth + "' names no credentials (expected: none"
                            + (client.clients().credentialModes().isEmpty()
                                    ? ")"
                                    : ", " + String.join(", ", client.clients().credentialModes()) + ")")));
        }
        CompletableFuture<Map<String, String>> headers;
        try (ContextPropagator.Scope ignored = context.attach()) {
            headers = credentials.headers(this).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (headers.isDone() && !headers.isCompletedExceptionally()) {
            return pickAndSend(config, timeout, headers.join());
        }
        CompletableFuture<TransportResponse> outcome = new CompletableFuture<>();
        headers.whenComplete((h, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(unwrap(failure));
                return;
            }
            if (outcome.isDone()) {
                return;
            }
            CompletableFuture<TransportResponse> sent =
                    pickAndSend(config, timeout, h).toCompletableFuture();
            outcome.whenComplete((r, f) -> {
                if (outcome.isCancelled()) {
                    sent.cancel(true);
                }
            });
            sent.whenComplete((r, f) -> {
                if (f != null) {
                    outcome.completeExceptionally(f);
                } else {
                    outcome.complete(r);
                }
            });
        });
        outcome.whenComplete((r, f) -> {
            if (outcome.isCancelled()) {
                headers.cancel(true);
            }
        });
        return outcome;
    }

    private CompletionStage<TransportResponse> pickAndSend(
            ClientConfig config, Duration timeout, Map<String, String> credentialHeaders) {
        List<ServiceInstance> instances = client.instances().orElse(List.of());
        if (instances.isEmpty()) {
            return CompletableFuture.failedFuture(new dev.chassis.core.client.ClientConnectException(
                    downstream(),
                    "no instance to call ("
                            + (config.urls().isEmpty() && client.instances().isEmpty()
                                    ? "no clients." + downstream() + ".urls and no resolver knows it"
                                    : "none healthy")
                            + ")"));
        }
        ServiceInstance instance = client.picker().pickAndClaim(instances);
        if (instance == null) {
            return CompletableFuture.failedFuture(new ClientRejectedException(
                    downstream(),
                    ClientRejectedException.Reason.CIRCUIT_OPEN,
                    "every instance's circuit breaker is open",
                    null));
        }
        return send(instance, config, timeout, credentialHeaders);
    }

    private CompletionStage<TransportResponse> send(
            ServiceInstance instance, ClientConfig config, Duration timeout, Map<String, String> credentialHeaders) {
        FullHttpRequest request = build(instance, timeout);
        for (Map.Entry<String, String> h : credentialHeaders.entrySet()) {
            HeaderChecks.name(h.getKey());
            HeaderChecks.value(h.getKey(), h.getValue());
            request.headers().set(h.getKey(), h.getValue());
        }
        OutboundAttempt call = new OutboundAttempt(this, instance, request.headers(), config.auth());
        ClientObserver[] observers = client.clients().observers();
        ClientObserver.Observation[] observations = new ClientObserver.Observation[observers.length];
        try (ContextPropagator.Scope ignored = context.attach()) {
            for (int i = 0; i < observers.length; i++) {
                observations[i] = observers[i].onStart(call);
            }
        }
        long start = System.nanoTime();
        InetSocketAddress address =
                InetSocketAddress.createUnresolved(instance.baseUri().getHost(), instance.port());
        CompletableFuture<TransportResponse> transported;
        try {
            io.netty.handler.ssl.SslContext tls =
                    instance.secure() ? client.clients().tlsContext(downstream(), config.tls()) : null;
            transported = client.clients().transport().send(downstream(), address, request, config, tls, timeout);
        } catch (dev.chassis.core.config.ConfigException e) {
            // the TLS files of this downstream do not load (they changed since start-up)
            request.release();
            transported = CompletableFuture.failedFuture(new java.net.ConnectException(e.getMessage()));
        }
        CompletableFuture<TransportResponse> sent = transported;
        Duration attemptTimeout = timeout;
        CompletableFuture<TransportResponse> outcome = new CompletableFuture<>();
        // The books are kept on the transport's completion, so an attempt the policy cancels (a
        // timeout) still releases its instance and reports to the gate and the observers.
        sent.whenComplete((response, failure) -> {
            client.picker().done(instance);
            ClientException error = null;
            int status = 0;
            if (failure != null) {
                error = ResponseErrors.failure(downstream(), failure, attemptTimeout);
            } else {
                status = response.status();
                if (status < 200 || status > 299) {
                    error = ResponseErrors.status(
                            downstream(),
                            response,
                            client.clients().json(),
                            client.clients().problemTypes());
                }
            }
            InstanceGate gate = client.clients().gate();
            if (gate != null) {
                gate.onResult(downstream(), instance, status, error, System.nanoTime() - start);
            }
            for (ClientObserver.Observation o : observations) {
                o.onEnd(status, error);
            }
            if (error != null) {
                outcome.completeExceptionally(error);
            } else {
                outcome.complete(response);
            }
        });
        // Cancelling what the policy holds cancels the transport's attempt.
        outcome.whenComplete((r, f) -> {
            if (outcome.isCancelled()) {
                sent.cancel(true);
            }
        });
        return outcome;
    }

    private FullHttpRequest build(ServiceInstance instance, Duration timeout) {
        String target = instance.baseUri().getRawPath() == null
                        || instance.baseUri().getRawPath().isEmpty()
                        || instance.baseUri().getRawPath().equals("/")
                ? path + query
                : stripSlash(instance.baseUri().getRawPath()) + path + query;
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpRequest request =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), target, content);
        HttpHeaders h = request.headers();
        h.set(HttpHeaderNames.HOST, instance.baseUri().getHost() + ":" + instance.port());
        h.set(HttpHeaderNames.ACCEPT, "application/json, application/problem+json");
        if (body != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        if (body != null || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        }
        for (Map.Entry<String, String> e : headers) {
            h.add(e.getKey(), e.getValue());
        }
        if (!h.contains(HttpHeaderNames.ACCEPT_ENCODING)) {
            h.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP);
        }
        h.set(Deadline.HEADER, Long.toString(Math.max(1, timeout.toMillis())));
        return request;
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
