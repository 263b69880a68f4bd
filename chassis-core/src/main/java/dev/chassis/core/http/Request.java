package dev.chassis.core.http;

import com.fasterxml.jackson.core.type.TypeReference;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An HTTP request as a handler sees it: the head, the whole body, and what the router matched.
 *
 * <p>Bad input has clear answers: a parameter that does not parse, a body that is not JSON or
 * does not bind, or fails {@link Validatable validation}, throws an {@link HttpStatusException}
 * that becomes a 400 (or 415 for a body that is not JSON) problem response.
 *
 * <p>A request is used by one thread at a time: the one running its handler, and the event loop
 * before and after it.
 */
public interface Request {
    /** The attribute the core reads for the {@code correlationId} member of problem responses. */
    AttributeKey<String> CORRELATION_ID = AttributeKey.of("correlationId", String.class);

    /**
     * The authenticated caller, set by the filter that authenticated the request (such as
     * {@code chassis-security}'s); what the access log names the caller by. Absent for an
     * anonymous request. Its {@link java.security.Principal#getName() name} is an identifier
     * (a token's subject), never a credential.
     */
    AttributeKey<java.security.Principal> PRINCIPAL = AttributeKey.of("principal", java.security.Principal.class);

    /** The method, upper case as sent: {@code GET}. */
    String method();

    /** The path as sent, without the query and not percent-decoded: {@code /accounts/a%20b}. */
    String path();

    /** The request target as sent: {@code /accounts?limit=10}. */
    String uri();

    /**
     * The template of the route that matched, {@code /accounts/{id}}. When routes have the path
     * but not the method (a 405, or {@code OPTIONS} answered from the registered methods), the
     * template of the most specific of them, so that metrics and spans of a 405 name its route;
     * empty when no route has the path.
     */
    Optional<String> route();

    /**
     * A path parameter of the matched route, percent-decoded.
     *
     * @throws IllegalArgumentException if the route has no such parameter
     */
    Param pathParam(String name);

    /** The first value of a query parameter, percent-decoded; missing when absent. */
    Param queryParam(String name);

    /** Every value of a query parameter, in order; empty when absent. */
    List<String> queryParams(String name);

    /** The path parameters of the matched route. */
    Map<String, String> pathParams();

    /** The first value of a header field; case-insensitive name. */
    Optional<String> header(CharSequence name);

    /** Every value of a header field, in order. */
    List<String> headers(CharSequence name);

    /** Every header field, in order, names as sent. */
    List<Map.Entry<String, String>> headers();

    /** The {@code Content-Type} as sent. */
    Optional<String> contentType();

    /** The body; empty when there is none. The array is shared: do not modify it. */
    byte[] body();

    /** The body decoded as UTF-8 (or the charset the {@code Content-Type} names). */
    String bodyAsString();

    /**
     * The JSON body bound to a type, then validated when it is {@link Validatable}.
     *
     * @throws HttpStatusException 415 if the {@code Content-Type} is not JSON, 400 if the body is
     *     missing, malformed, does not bind (the detail names the field path) or fails validation
     *     (the {@code errors} member lists every field)
     */
    <T> T body(Class<T> type);

    /** As {@link #body(Class)}, for generic types such as {@code List<Item>}. */
    <T> T body(TypeReference<T> type);

    /** The address of the peer. */
    InetSocketAddress remoteAddress();

    /**
     * The client's verified certificate identity, on a TLS connection whose client presented a
     * certificate that chained to {@code server.tls.trust-certificates} ({@code client-auth}
     * {@code optional} or {@code required}); empty otherwise, and always on plaintext.
     */
    default Optional<PeerIdentity> peerIdentity() {
        return Optional.empty();
    }

    /** The protocol the request came in: {@code HTTP/1.1}, {@code HTTP/1.0} or {@code HTTP/2.0}. */
    default String protocol() {
        return "HTTP/1.1";
    }

    /** Whether the request came over TLS. */
    default boolean secure() {
        return false;
    }

    /** {@link System#nanoTime()} when the read that completed the request head arrived. */
    long startNanos();

    /**
     * A value the matched route was declared with ({@link Routing#with}); empty when the route
     * carries none, and when no route matched (a 404, a 405, an automatic {@code OPTIONS}).
     */
    default <T> Optional<T> routeAttribute(AttributeKey<T> key) {
        return Optional.empty();
    }

    /** A value attached by a filter or listener. */
    <T> Optional<T> attribute(AttributeKey<T> key);

    /** Attaches a value, replacing any earlier one. */
    <T> void attribute(AttributeKey<T> key, T value);

    /**
     * Adds a header to whatever response this request gets, error responses from the chassis
     * included.
     *
     * @throws IllegalArgumentException if the name or value is not valid in a header field
     */
    void addResponseHeader(String name, String value);

    /**
     * Runs a callback once the response is written or the exchange is abandoned. Callbacks run on
     * the event loop and must not block.
     */
    void onComplete(Consumer<Completion> callback);
}
