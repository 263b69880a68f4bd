package dev.chassis.testkit.security.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Handler;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints: discovery document, JWKS, token (client-credentials grant, RFC 6749 §4.4) and
 * introspection (RFC 7662); and the filter that records each request and answers faults.
 */
public final class IssuerRoutes implements Routes {
    public static final String DISCOVERY = "/.well-known/openid-configuration";
    public static final String JWKS = "/jwks";
    public static final String TOKEN = "/token";
    public static final String INTROSPECT = "/introspect";
    /** Mints a user's token for a shell: a fake issuer's convenience, no real one has it. */
    public static final String DEV_TOKEN = "/dev/token";

    private final IssuerState state;
    private final Supplier<String> issuer;
    private final String audience;
    private final ObjectMapper json = new ObjectMapper();

    public IssuerRoutes(IssuerState state, Supplier<String> issuer, String audience) {
        this.state = state;
        this.issuer = issuer;
        this.audience = audience;
    }

    @Override
    public void register(Routing routing) {
        routing.get(DISCOVERY, request -> discovery())
                .get(
                        JWKS,
                        request -> Response.ok()
                                .header(
                                        "Cache-Control",
                                        "max-age=" + state.jwksMaxAge().toSeconds())
                                .bytes(
                                        json.writeValueAsBytes(state.jwks().toJSONObject(true)),
                                        "application/jwk-set+json"))
                .post(TOKEN, this::token)
                .post(INTROSPECT, this::introspect)
                .post(DEV_TOKEN, this::devToken);
    }

    private Map<String, Object> discovery() {
        String base = issuer.get();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", base);
        doc.put("jwks_uri", base + JWKS);
        doc.put("token_endpoint", base + TOKEN);
        doc.put("introspection_endpoint", base + INTROSPECT);
        doc.put("grant_types_supported", List.of("client_credentials"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
        return doc;
    }

    private Response token(Request request) throws Exception {
        Duration delay = state.tokenDelay();
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        Map<String, String> form = form(request);
        IssuerState.Client client = authenticate(request, form);
        if (client == null) {
            return oauthError(401, "invalid_client", "client authentication failed")
                    .header("WWW-Authenticate", "Basic realm=\"fake-issuer\"");
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return oauthError(400, "unsupported_grant_type", "only client_credentials is supported");
        }
        List<String> scopes = form.containsKey("scope")
                ? Arrays.asList(form.get("scope").trim().split(" +"))
                : client.scopes();
        if (!client.scopes().containsAll(scopes)) {
            return oauthError(400, "invalid_scope", "the client may not ask for " + scopes);
        }
        Instant now = Instant.now();
        long lifetime = state.tokenLifetime().toSeconds();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer.get())
                .subject(client.id())
                .audience(form.getOrDefault("audience", audience))
                .claim("client_id", client.id())
                .claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", sign(claims));
        answer.put("token_type", "Bearer");
        answer.put("expires_in", lifetime);
        answer.put("scope", String.join(" ", scopes));
        return Response.ok(answer).header("Cache-Control", "no-store");
    }

    private Response devToken(Request request) throws JOSEException {
        Map<String, String> form = form(request);
        Instant now = Instant.now();
        long lifetime = Long.parseLong(form.getOrDefault("expires_in", "3600"));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer.get())
                .subject(form.getOrDefault("sub", "alice"))
                .audience(form.getOrDefault("audience", audience))
                .claim("scope", form.getOrDefault("scope", ""))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        return Response.ok(Map.of("access_token", sign(claims), "token_type", "Bearer", "expires_in", lifetime));
    }

    private String sign(JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(state.rsa().getKeyID())
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(state.rsa()));
        return jwt.serialize();
    }

    private Response introspect(Request request) {
        Map<String, String> form = form(request);
        if (authenticate(request, form) == null) {
            return oauthError(401, "invalid_client", "client authentication failed");
        }
        IssuerState.Opaque known = state.opaque(form.getOrDefault("token", ""));
        if (known == null) {
            return Response.ok(Map.of("active", false));
        }
        Object exp = known.claims().get("exp");
        if (exp instanceof Number n && n.longValue() <= Instant.now().getEpochSecond()) {
            return Response.ok(Map.of("active", false));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("active", true);
        answer.putAll(known.claims());
        return Response.ok(answer);
    }

    private IssuerState.@Nullable Client authenticate(Request request, Map<String, String> form) {
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = request.header("Authorization").orElse("");
        if (basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded =
                        new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        IssuerState.@Nullable Client client = id == null ? null : state.client(id);
        return client != null && client.secret().equals(secret) ? client : null;
    }

    private static Response oauthError(int status, String error, String description) {
        return Response.status(status)
                .json(Map.of("error", error, "error_description", description))
                .header("Cache-Control", "no-store");
    }

    /** An {@code application/x-www-form-urlencoded} body. */
    static Map<String, String> form(Request request) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.bodyAsString().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            form.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return form;
    }

    /** Records each request; answers a fault instead when one covers its path. */
    public static Filter recorder(IssuerState state) {
        return new Filter() {
            @Override
            public Object filter(Request request, Handler next) throws Exception {
                state.record(request.method() + " " + request.path());
                IssuerState.Fault fault = state.faultFor(request.path());
                if (fault != null) {
                    return Response.status(fault.status()).bytes(fault.body(), fault.contentType());
                }
                return next.handle(request);
            }
        };
    }
}
