package dev.chassis.gateway.internal;

import dev.chassis.core.client.ServiceInstance;
import dev.chassis.core.context.ContextPropagation;
import dev.chassis.core.context.ContextPropagator;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one handler behind every gateway path: matches the route, picks the target, forwards the
 * request with the proxy's headers and answers with the upstream's response. Thread-safe.
 */
final class ProxyHandler implements Handler {
    private static final Logger log = LoggerFactory.getLogger("dev.chassis.gateway.Proxy");

    private final RouteTable table;
    private final Targets targets;
    private final Upstream upstream;
    private final ForwardHeaders forwarding;

    ProxyHandler(RouteTable table, Targets targets, Upstream upstream, ForwardHeaders forwarding) {
        this.table = table;
        this.targets = targets;
        this.upstream = upstream;
        this.forwarding = forwarding;
    }

    @Override
    public Object handle(Request request) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q);
        String host = request.header("Host").orElse("");
        RouteTable.Match match = table.match(
                request.method(),
                path,
                hostName(host),
                name -> request.header(name).orElse(null));
        if (match == null) {
            throw HttpStatusException.notFound(
                    "no gateway route matches " + request.method() + " " + Texts.excerpt(path));
        }
        GatewayRoute route = match.route();
        ServiceInstance instance = route.fixed() != null
                ? ServiceInstance.of(route.fixed())
                : targets.pick(route.config().service(), null);
        if (instance == null) {
            throw HttpStatusException.unavailable(
                    "no instance of service '" + route.config().service() + "' is available (route '" + route.id()
                            + "')",
                    Duration.ofSeconds(1));
        }
        FullHttpRequest out = outbound(request, route, instance, match.path() + query, host);
        ContextPropagation.Snapshot context = ContextPropagation.capture();
        return upstream.send(instance, out, route.config().timeout()).handle((response, failure) -> {
            try (ContextPropagator.Scope scope = context.attach()) {
                return answer(route, instance, response, failure);
            }
        });
    }

    private FullHttpRequest outbound(
            Request request, GatewayRoute route, ServiceInstance instance, String target, String host) {
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
        if (!route.config().preserveHost() || host.isEmpty()) {
            h.set(HttpHeaderNames.HOST, authority(instance.baseUri(), instance));
        }
        return out;
    }

    private Response answer(
            GatewayRoute route, ServiceInstance instance, FullHttpResponse response, Throwable failure) {
        if (failure != null) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            int status = cause instanceof Upstream.Failure f ? f.status : 502;
            log.warn("route '{}' to {}: {}", route.id(), instance.baseUri(), cause.getMessage());
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
            return r;
        } catch (IllegalArgumentException e) {
            log.warn("route '{}' to {}: invalid response: {}", route.id(), instance.baseUri(), e.getMessage());
            throw new HttpStatusException(502, "route '" + route.id() + "': " + upstreamProblem(502));
        } finally {
            response.release();
        }
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
