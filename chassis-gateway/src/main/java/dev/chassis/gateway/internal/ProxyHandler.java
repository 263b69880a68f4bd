package dev.chassis.gateway.internal;

import dev.chassis.core.client.InstanceGate;
import dev.chassis.core.client.ServiceInstance;
import dev.chassis.core.context.ContextPropagation;
import dev.chassis.core.context.ContextPropagator;
import dev.chassis.core.context.Deadline;
import dev.chassis.core.http.Completion;
import dev.chassis.core.http.Handler;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one handler behind every gateway path: matches the route, picks the target, forwards the
 * request with the proxy's headers and answers with the upstream's response. Thread-safe.
 */
final class ProxyHandler implements Handler {
    private static final Logger log = LoggerFactory.getLogger("dev.chassis.gateway.Proxy");

    private static final Logger access = LoggerFactory.getLogger("dev.chassis.gateway.Access");
    /** Methods a retry cannot repeat the effect of, as the chassis client counts them. */
    static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    private volatile RouteTable table;
    private final Targets targets;
    private final Upstream upstream;
    private final ForwardHeaders forwarding;
    private final @Nullable InstanceGate gate;
    private final GatewayMeters meters;

    ProxyHandler(
            RouteTable table,
            Targets targets,
            Upstream upstream,
            ForwardHeaders forwarding,
            @Nullable InstanceGate gate,
            GatewayMeters meters) {
        this.table = table;
        this.targets = targets;
        this.upstream = upstream;
        this.forwarding = forwarding;
        this.gate = gate;
        this.meters = meters;
    }

    /** Routes requests along these routes from now on; requests under way finish on theirs. */
    void routes(RouteTable next) {
        table = next;
    }

    @Override
    public Object handle(Request request) {
        long begin = System.nanoTime();
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q);
        String host = request.header("Host").orElse("");
        // A preflight is matched by the method it asks for: the route of the request to come answers it.
        String method = EdgePolicy.preflight(request)
                ? request.header("Access-Control-Request-Method").orElseThrow().strip()
                : request.method();
        RouteTable.Match match = table.match(
                method, path, hostName(host), name -> request.header(name).orElse(null));
        if (match == null) {
            throw HttpStatusException.notFound(
                    "no gateway route matches " + request.method() + " " + Texts.excerpt(path));
        }
        GatewayRoute route = match.route();
        List<Map.Entry<String, String>> extra = new ArrayList<>(4);
        try {
            Response preflightAnswer = route.policy().admit(request, extra);
            if (preflightAnswer != null) {
                meters.request(route, 204, "preflight", System.nanoTime() - begin);
                return preflightAnswer;
            }
        } catch (HttpStatusException e) {
            meters.request(route, e.status(), "refused", System.nanoTime() - begin);
            throw e;
        }
        Semaphore bulkhead = route.policy().bulkhead();
        if (bulkhead != null && !bulkhead.tryAcquire()) {
            meters.request(route, 503, "bulkhead-full", System.nanoTime() - begin);
            throw HttpStatusException.unavailable(
                    "route '" + route.id() + "' has " + route.config().maxConcurrent()
                            + " requests in flight, its max-concurrent",
                    Duration.ofSeconds(1));
        }
        Duration timeout = route.config().timeout();
        Deadline deadline = Deadline.current().orElse(null);
        if (deadline != null) {
            if (deadline.isExpired()) {
                release(bulkhead);
                meters.request(route, 504, "deadline", System.nanoTime() - begin);
                throw new HttpStatusException(504, "route '" + route.id() + "': the caller's deadline has passed");
            }
            timeout = deadline.remaining().compareTo(timeout) < 0 ? deadline.remaining() : timeout;
        }
        FullHttpRequest out = outbound(request, route, match.path() + query, host);
        if (deadline != null) {
            out.headers().set(Deadline.HEADER, Math.max(1, timeout.toMillis()));
        }
        AtomicInteger inFlight = meters.started(route);
        Exchange exchange = new Exchange(route, request.method(), out, timeout, begin, host, extra);
        ContextPropagation.Snapshot context = ContextPropagation.capture();
        CompletableFuture<Object> answer = new CompletableFuture<>();
        // A client that goes away before its answer takes the upstream exchange with it.
        request.onComplete(c -> {
            if (c.outcome() == Completion.Outcome.CLIENT_CLOSED) {
                exchange.cancel();
            }
        });
        exchange.attempt(null, 0, (response, instance, failure) -> {
            inFlight.decrementAndGet();
            release(bulkhead);
            out.release();
            try (ContextPropagator.Scope scope = context.attach()) {
                answer.complete(answer(exchange, instance, response, failure));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private static void release(@Nullable Semaphore bulkhead) {
        if (bulkhead != null) {
            bulkhead.release();
        }
    }

    /** What an exchange ends with: a response, or why there is none, and from which instance. */
    @FunctionalInterface
    private interface Ending {
        void ended(
                @Nullable FullHttpResponse response, @Nullable ServiceInstance instance, @Nullable Throwable failure);
    }

    /** One request's attempts upstream. */
    private final class Exchange {
        final GatewayRoute route;
        final boolean idempotent;
        final FullHttpRequest request;
        final Duration timeout;
        final long begin;
        final String clientHost;
        volatile boolean cancelled;
        volatile @Nullable CompletableFuture<FullHttpResponse> current;
        final List<Map.Entry<String, String>> extraHeaders;

        Exchange(
                GatewayRoute route,
                String method,
                FullHttpRequest request,
                Duration timeout,
                long begin,
                String clientHost,
                List<Map.Entry<String, String>> extraHeaders) {
            this.extraHeaders = extraHeaders;
            this.route = route;
            this.clientHost = clientHost;
            this.idempotent = IDEMPOTENT.contains(method);
            this.request = request;
            this.timeout = timeout;
            this.begin = begin;
        }

        void attempt(@Nullable ServiceInstance previous, int attempt, Ending ending) {
            String service = route.config().service();
            ServiceInstance instance =
                    route.fixed() != null ? ServiceInstance.of(route.fixed()) : targets.pick(service, previous);
            if (instance == null) {
                ending.ended(
                        null,
                        null,
                        new Upstream.Failure(503, "no instance of service '" + service + "' is available", null));
                return;
            }
            boolean gated = route.fixed() == null && gate != null;
            if (gated && !gate.tryAcquire(service, instance)) {
                ending.ended(
                        null,
                        instance,
                        new Upstream.Failure(503, "the circuit breaker of " + instance.baseUri() + " is open", null));
                return;
            }
            long sent = System.nanoTime();
            request.headers().set(HttpHeaderNames.HOST, hostFor(instance));
            CompletableFuture<FullHttpResponse> sending = upstream.send(instance, request.retainedDuplicate(), timeout);
            current = sending;
            if (cancelled) {
                sending.cancel(false);
            }
            sending.whenComplete((response, failure) -> {
                long took = System.nanoTime() - sent;
                int code = response == null ? 0 : response.status().code();
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                if (gated) {
                    gate.onResult(service, instance, code, cause, took);
                }
                meters.upstream(route, instance.id(), code, took);
                boolean noResponse = cause instanceof Upstream.Failure f && f.status != 504 && f.retriable;
                if (noResponse
                        && idempotent
                        && attempt < route.config().retries()
                        && System.nanoTime() - begin < timeout.toNanos()) {
                    log.info("route '{}': retrying {} after: {}", route.id(), request.method(), cause.getMessage());
                    attempt(instance, attempt + 1, ending);
                    return;
                }
                ending.ended(response, instance, cause);
            });
        }

        /** The client went away: the attempt under way is abandoned and its connection closed. */
        void cancel() {
            cancelled = true;
            CompletableFuture<FullHttpResponse> c = current;
            if (c != null) {
                c.cancel(false);
            }
        }

        private String hostFor(ServiceInstance instance) {
            return route.config().preserveHost() && !clientHost.isEmpty()
                    ? clientHost
                    : authority(instance.baseUri(), instance);
        }
    }

    private FullHttpRequest outbound(Request request, GatewayRoute route, String target, String host) {
        byte[] body = request.body();
        FullHttpRequest out = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(request.method()),
                target,
                Unpooled.wrappedBuffer(body),
                DefaultHttpHeadersFactory.headersFactory(),
                DefaultHttpHeadersFactory.trailersFactory());
        HttpHeaders h = out.headers();
        for (Map.Entry<String, String> e : request.headers()) {
            h.add(e.getKey(), e.getValue());
        }
        ForwardHeaders.removeHopByHop(h);
        // The body arrived whole: the upstream gets its length, not the client's framing or expectation.
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
        h.remove(HttpHeaderNames.EXPECT);
        if (body.length > 0 || !GatewayRoute.NO_BODY_METHODS.contains(request.method())) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        forwarding.forward(h, request.remoteAddress(), request.secure(), host, "HTTP/1.1");
        return out;
    }

    private Response answer(
            Exchange exchange,
            @Nullable ServiceInstance instance,
            @Nullable FullHttpResponse response,
            @Nullable Throwable cause) {
        GatewayRoute route = exchange.route;
        String target = instance == null ? "-" : instance.id();
        if (exchange.cancelled) {
            if (response != null) {
                response.release();
            }
            log.debug("route '{}' to {}: the client went away; the upstream request was cancelled", route.id(), target);
            ended(exchange, target, 499, "client-closed");
            throw new HttpStatusException(503, "route '" + route.id() + "': the client went away");
        }
        if (cause != null || response == null) {
            int status = cause instanceof Upstream.Failure f ? f.status : 502;
            log.warn("route '{}' to {}: {}", route.id(), target, cause == null ? "no response" : cause.getMessage());
            ended(exchange, target, status, status == 504 ? "timeout" : "upstream-failure");
            throw new HttpStatusException(status, "route '" + route.id() + "': " + upstreamProblem(status));
        }
        try {
            Response r = Response.status(response.status().code());
            HttpHeaders h = response.headers();
            ForwardHeaders.removeHopByHop(h);
            String contentType = h.get(HttpHeaderNames.CONTENT_TYPE);
            for (Map.Entry<String, String> e : h) {
                String name = e.getKey().toLowerCase(Locale.ROOT);
                if (!name.equals("content-length") && !name.equals("content-type") && !name.equals("date")) {
                    r.header(e.getKey(), e.getValue());
                }
            }
            ForwardHeaders.append(
                    h, "via", forwarding.via(response.protocolVersion().text()));
            r.header("Via", h.get("via"));
            byte[] body = ByteBufUtil.getBytes(response.content());
            if (body.length > 0) {
                r.bytes(body, contentType == null ? "application/octet-stream" : contentType);
            }
            for (Map.Entry<String, String> e : exchange.extraHeaders) {
                r.header(e.getKey(), e.getValue());
            }
            ended(exchange, target, r.status(), "ok");
            return r;
        } catch (IllegalArgumentException e) {
            log.warn("route '{}' to {}: invalid response: {}", route.id(), target, e.getMessage());
            ended(exchange, target, 502, "upstream-failure");
            throw new HttpStatusException(502, "route '" + route.id() + "': " + upstreamProblem(502));
        } finally {
            response.release();
        }
    }

    private void ended(Exchange exchange, String instance, int status, String outcome) {
        long took = System.nanoTime() - exchange.begin;
        meters.request(exchange.route, status, outcome, took);
        access.info(
                "{} {} route={} instance={} status={} outcome={} duration_ms={}",
                exchange.request.method(),
                exchange.request.uri(),
                exchange.route.id(),
                instance,
                status,
                outcome,
                TimeUnit.NANOSECONDS.toMillis(took));
    }

    private static String upstreamProblem(int status) {
        return switch (status) {
            case 503 -> "the upstream service cannot be reached";
            case 504 -> "the upstream service did not answer in time";
            default -> "the upstream service sent no valid response";
        };
    }

    /** The host part of a {@code Host} value, lower case, without port. */
    static String hostName(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static String authority(URI uri, ServiceInstance instance) {
        boolean defaultPort = uri.getPort() < 0;
        return uri.getHost() + (defaultPort ? "" : ":" + instance.port());
    }
}
