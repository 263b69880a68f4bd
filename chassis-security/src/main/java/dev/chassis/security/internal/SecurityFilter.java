package dev.chassis.security.internal;

import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.context.ContextPropagator;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Handler;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.PeerIdentity;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Routing;
import dev.chassis.security.auth.Access;
import dev.chassis.security.auth.Caller;
import dev.chassis.security.config.SecurityConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Authenticates and authorizes every request by its route's {@link Access} (or the default): the
 * bearer token of the one {@code Authorization} field (RFC 6750 §2.1), its caller set on the
 * request ({@link Caller#KEY}, {@link Request#PRINCIPAL}), the subject in the MDC, and the caller
 * with its token on the thread for relay. Refusals are 401 with {@code WWW-Authenticate: Bearer}
 * (an error code when a credential was sent), 403 with {@code error="insufficient_scope"}, or 503
 * when the issuer cannot be asked; all problem+json, none naming the token. A route whose
 * requirement a verified client certificate can meet ({@link Access#peer}) takes a request without
 * a token when the certificate fits, and answers 403 when none fits.
 */
public final class SecurityFilter implements Filter {
    private static final Logger log = LoggerFactory.getLogger(SecurityFilter.class);

    private final Authenticator authenticator;
    private final SecurityConfig config;
    private final Access defaultAccess;
    private final @Nullable Access adminAccess;
    private final Set<String> healthPaths;
    private final String realm;
    private final int maxTokenLength;

    public SecurityFilter(Authenticator authenticator, SecurityConfig config, AdminConfig admin) {
        this.authenticator = authenticator;
        this.config = config;
        this.defaultAccess = config.defaultAccess() == SecurityConfig.DefaultAccess.PUBLIC
                ? Access.publicAccess()
                : Access.authenticated();
        this.adminAccess = admin.separatePort()
                ? Access.publicAccess()
                : switch (config.adminAccess()) {
                    case PUBLIC -> Access.publicAccess();
                    case AUTHENTICATED -> Access.authenticated();
                    case HEALTH_PUBLIC -> null;
                };
        this.healthPaths = Set.of(admin.livePath(), admin.readyPath(), admin.healthPath());
        this.realm = config.realm().isEmpty() ? "" : "realm=\"" + config.realm() + "\"";
        this.maxTokenLength = (int) config.maxTokenLength().bytes();
    }

    @Override
    public int order() {
        return ORDER_AUTH;
    }

    @Override
    public Object filter(Request request, Handler next) throws Exception {
        if (!config.enabled()) {
            return next.handle(request);
        }
        Access access = access(request);
        List<String> fields = request.headers("Authorization");
        if (access.isPublic() && fields.isEmpty()) {
            return next.handle(request);
        }
        PeerIdentity peer = request.peerIdentity().orElse(null);
        if (fields.isEmpty() && !access.needsToken()) {
            // A requirement a client certificate can meet, and no token: the certificate decides.
            if (!access.permits(null, peer)) {
                if (access.acceptsToken()) {
                    authenticator.refused("missing");
                    throw answer(new Refusal(Refusal.Kind.MISSING, "missing", "a bearer token is required"));
                }
                authenticator.deniedAccess();
                log.debug(
                        "denied {} {} to {}: needs {}",
                        request.method(),
                        request.route().orElse(""),
                        peer == null ? "a request without a client certificate" : peer.subject(),
                        access);
                throw new HttpStatusException(
                        403,
                        peer == null
                                ? "this route requires a client certificate"
                                : "the client certificate is not one this route accepts");
            }
            return next.handle(request);
        }
        CallerContext.Current current;
        try {
            current = authenticate(fields);
        } catch (Refusal r) {
            if (access.isPublic()) {
                // A bad token on an open route is ignored: the route needs none.
                return next.handle(request);
            }
            log.debug("refused {} {}: {}", request.method(), request.route().orElse("(no route)"), r.reason());
            throw answer(r);
        }
        if (!access.permits(current.caller(), peer)) {
            authenticator.deniedAccess();
            log.debug(
                    "denied {} {} to {}: needs {}",
                    request.method(),
                    request.route().orElse(""),
                    current.caller().subject(),
                    access);
            throw forbidden(access);
        }
        request.attribute(Caller.KEY, current.caller());
        request.attribute(Request.PRINCIPAL, current.caller());
        String previous = MDC.get(Caller.MDC_KEY);
        MDC.put(Caller.MDC_KEY, current.caller().subject());
        try (ContextPropagator.Scope ignored = CallerContext.attach(current)) {
            return next.handle(request);
        } finally {
            if (previous == null) {
                MDC.remove(Caller.MDC_KEY);
            } else {
                MDC.put(Caller.MDC_KEY, previous);
            }
        }
    }

    private Access access(Request request) {
        Access declared = request.routeAttribute(Access.KEY).orElse(null);
        if (declared != null) {
            return declared;
        }
        if (request.routeAttribute(Routing.ADMIN).isPresent()) {
            if (adminAccess != null) {
                return adminAccess;
            }
            return request.route().map(healthPaths::contains).orElse(false)
                    ? Access.publicAccess()
                    : Access.authenticated();
        }
        return defaultAccess;
    }

    private CallerContext.Current authenticate(List<String> fields) throws Refusal {
        if (fields.isEmpty()) {
            authenticator.refused("missing");
            throw new Refusal(Refusal.Kind.MISSING, "missing", "a bearer token is required");
        }
        if (fields.size() > 1) {
            authenticator.refused("invalid-request");
            throw new Refusal(
                    Refusal.Kind.INVALID_REQUEST,
                    "invalid-request",
                    "the request has more than one Authorization field");
        }
        String value = fields.get(0).strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.equalsIgnoreCase("Bearer")) {
            authenticator.refused("missing");
            throw new Refusal(Refusal.Kind.MISSING, "missing", "a bearer token is required");
        }
        String token = space < 0 ? "" : value.substring(space + 1).strip();
        if (token.isEmpty()) {
            authenticator.refused("invalid-request");
            throw new Refusal(Refusal.Kind.INVALID_REQUEST, "invalid-request", "the Bearer credential has no token");
        }
        if (token.length() > maxTokenLength) {
            authenticator.refused("too-large");
            throw Refusal.invalid("too-large", "the token is longer than " + maxTokenLength + " characters");
        }
        if (!b64token(token)) {
            authenticator.refused("malformed");
            throw Refusal.invalid("malformed", "the token holds characters a bearer token cannot");
        }
        return new CallerContext.Current(authenticator.authenticate(token), token);
    }

    /** RFC 6750's {@code b64token}: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    static boolean b64token(String token) {
        int i = 0;
        int n = token.length();
        for (; i < n; i++) {
            char c = token.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || c == '+'
                    || c == '/';
            if (!ok) {
                break;
            }
        }
        if (i == 0) {
            return false;
        }
        for (; i < n; i++) {
            if (token.charAt(i) != '=') {
                return false;
            }
        }
        return true;
    }

    private HttpStatusException answer(Refusal r) {
        return switch (r.kind()) {
            case UNAVAILABLE -> HttpStatusException.unavailable(r.description(), Duration.ofSeconds(5));
            case MISSING ->
                new HttpStatusException(401, r.description()).header("WWW-Authenticate", challenge(null, null, null));
            case INVALID_REQUEST ->
                new HttpStatusException(401, r.description())
                        .header("WWW-Authenticate", challenge("invalid_request", r.description(), null));
            case INVALID_TOKEN ->
                new HttpStatusException(401, r.description())
                        .header("WWW-Authenticate", challenge("invalid_token", r.description(), null));
        };
    }

    private HttpStatusException forbidden(Access access) {
        String scope = access.scopes().isEmpty()
                ? null
                : String.join(" ", access.scopes().stream().sorted().toList());
        String description = scope == null
                ? "the token does not grant what this route requires"
                : "the token lacks the scope this route requires: " + scope;
        return new HttpStatusException(403, description)
                .header("WWW-Authenticate", challenge("insufficient_scope", description, scope));
    }

    private String challenge(@Nullable String error, @Nullable String description, @Nullable String scope) {
        StringBuilder b = new StringBuilder("Bearer");
        String sep = " ";
        if (!realm.isEmpty()) {
            b.append(sep).append(realm);
            sep = ", ";
        }
        if (error != null) {
            b.append(sep).append("error=\"").append(error).append('"');
            sep = ", ";
        }
        if (description != null) {
            b.append(sep).append("error_description=\"").append(description).append('"');
            sep = ", ";
        }
        if (scope != null) {
            b.append(sep).append("scope=\"").append(scope).append('"');
        }
        return b.toString();
    }
}
