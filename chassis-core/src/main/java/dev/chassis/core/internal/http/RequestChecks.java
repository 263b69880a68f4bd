package dev.chassis.core.internal.http;

import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.internal.Texts;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.jspecify.annotations.Nullable;

/**
 * The checks a request head must pass before anything else sees it, on top of what Netty's
 * decoder already refuses. A failure is answered once and the connection closed, since the
 * framing of what follows cannot be trusted.
 */
final class RequestChecks {
    /**
     * A refused head: the answer and the reason counted in metrics.
     *
     * @param problem the answer
     * @param reason a short reason: {@code bad-request}, {@code uri-too-long}, ...
     */
    record Refusal(HttpStatusException problem, String reason) {}

    private RequestChecks() {}

    static @Nullable Refusal check(HttpRequest head, String target, ServerConfig config) {
        DecoderResult decoded = head.decoderResult();
        if (decoded.isFailure()) {
            HttpStatusException problem = HttpConnection.decoderProblem(decoded.cause());
            return new Refusal(
                    problem,
                    switch (problem.status()) {
                        case 414 -> "uri-too-long";
                        case 431 -> "headers-too-large";
                        default -> "bad-request";
                    });
        }
        HttpVersion version = head.protocolVersion();
        if (version.majorVersion() != 1) {
            return new Refusal(
                    new HttpStatusException(
                            505, "HTTP version " + version.text() + " is not supported (expected: HTTP/1.1)"),
                    "version");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return new Refusal(
                        HttpStatusException.badRequest(
                                "the request target has a control or non-ASCII character at " + i),
                        "bad-request");
            }
            if (c == '%' && !(hex(target, i + 1) && hex(target, i + 2))) {
                return new Refusal(
                        HttpStatusException.badRequest("the request target has a '%' at " + i
                                + " that is not followed by two hexadecimal digits"),
                        "bad-request");
            }
        }
        if (target.charAt(0) != '/'
                && !(target.equals("*") && head.method().name().equals("OPTIONS"))
                && !isAbsoluteForm(target)) {
            return new Refusal(HttpStatusException.badRequest("the request target must start with /"), "bad-request");
        }
        HttpHeaders headers = head.headers();
        if (headers.size() > config.maxHeaderCount()) {
            return new Refusal(
                    new HttpStatusException(431, "too many header fields (at most " + config.maxHeaderCount() + ")"),
                    "headers-too-large");
        }
        int hosts = headers.getAll(HttpHeaderNames.HOST).size();
        if (hosts > 1 || (hosts == 0 && version.minorVersion() >= 1)) {
            return new Refusal(
                    HttpStatusException.badRequest(
                            "an HTTP/1.1 request needs exactly one Host header (got " + hosts + ")"),
                    "bad-request");
        }
        String host = headers.get(HttpHeaderNames.HOST);
        if (host != null && !Authority.valid(host)) {
            return new Refusal(
                    HttpStatusException.badRequest(
                            "the Host header is not a host with an optional port: '" + Texts.excerpt(host) + "'"),
                    "bad-request");
        }
        if (host != null && isAbsoluteForm(target)) {
            String authority = Authority.of(target);
            if (!Authority.same(authority, host, target.regionMatches(true, 0, "https:", 0, 6) ? 443 : 80)) {
                return new Refusal(
                        HttpStatusException.badRequest("the request target names '" + Texts.excerpt(authority)
                                + "' but the Host header '" + Texts.excerpt(host) + "'"),
                        "bad-request");
            }
        }
        String expect = headers.get(HttpHeaderNames.EXPECT);
        if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
            return new Refusal(new HttpStatusException(417, "only Expect: 100-continue is supported"), "expectation");
        }
        return null;
    }

    private static boolean hex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }

    static boolean isAbsoluteForm(String target) {
        return target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8);
    }

    /** The path of a request target, for origin-form, absolute-form and {@code *}. */
    static String path(String target, int queryStart) {
        String beforeQuery = queryStart < 0 ? target : target.substring(0, queryStart);
        if (beforeQuery.isEmpty() || beforeQuery.charAt(0) == '/') {
            return beforeQuery.isEmpty() ? "/" : beforeQuery;
        }
        if (isAbsoluteForm(beforeQuery)) {
            int authority = beforeQuery.indexOf("//") + 2;
            int slash = beforeQuery.indexOf('/', authority);
            return slash < 0 ? "/" : beforeQuery.substring(slash);
        }
        return beforeQuery;
    }
}
