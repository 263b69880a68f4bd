package dev.chassis.security.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.security.config.SecurityConfig;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads opaque tokens at the issuer's introspection endpoint (RFC 7662), authenticating with the
 * service's client ID and secret (HTTP Basic). An active answer is checked like a JWT's claims:
 * issuer, audience and expiry. Thread-safe.
 */
public final class Introspector {
    private static final Logger log = LoggerFactory.getLogger(Introspector.class);

    private final SecurityConfig.Introspection config;
    private final SecurityConfig.Jwt jwt;
    private final IssuerMetadata issuer;
    private final Http http;
    private final ObjectMapper json;
    private final Claims claims;
    private final long skewMillis;
    private final LongSupplier clock;
    private final String basic;

    public Introspector(
            SecurityConfig.Introspection config,
            SecurityConfig.Jwt jwt,
            long skewMillis,
            IssuerMetadata issuer,
            Http http,
            ObjectMapper json,
            LongSupplier clockMillis) {
        this.config = config;
        this.jwt = jwt;
        this.issuer = issuer;
        this.http = http;
        this.json = json;
        this.claims = new Claims(jwt);
        this.skewMillis = skewMillis;
        this.clock = clockMillis;
        this.basic = Base64.getEncoder()
                .encodeToString((URLEncoder.encode(config.clientId(), StandardCharsets.UTF_8) + ":"
                                + URLEncoder.encode(config.clientSecret(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    public Verified introspect(String token) throws Refusal {
        Http.Answer answer;
        try {
            answer = http.postForm(
                    issuer.introspectionEndpoint(),
                    "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token",
                    basic,
                    config.timeout(),
                    64 * 1024);
        } catch (Http.HttpFailure e) {
            log.warn("cannot introspect a token: {}", e.getMessage());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
        if (answer.status() != 200) {
            log.warn("the introspection endpoint answered {}", answer.status());
            throw unavailable();
        }
        Map<String, Object> doc;
        try {
            doc = json.readValue(answer.body(), Map.class);
        } catch (IOException | RuntimeException e) {
            log.warn("the introspection endpoint's answer is not a JSON object");
            throw unavailable();
        }
        if (!Boolean.TRUE.equals(doc.get("active"))) {
            throw Refusal.invalid("inactive", "the token is not active");
        }
        if (!jwt.issuer().isEmpty() && doc.containsKey("iss") && !jwt.issuer().equals(doc.get("iss"))) {
            throw Refusal.invalid("issuer", "the token is from another issuer");
        }
        Object aud = doc.get("aud");
        List<?> audiences = aud instanceof List<?> l ? l : aud == null ? List.of() : List.of(aud);
        if (!jwt.audience().isEmpty() && audiences.stream().noneMatch(jwt.audience()::contains)) {
            throw Refusal.invalid("audience", "the token is not meant for this service");
        }
        long now = clock.getAsLong();
        long expires = doc.get("exp") instanceof Number n ? n.longValue() * 1000 : now + 60_000;
        if (expires + skewMillis <= now) {
            throw Refusal.invalid("expired", "the token has expired");
        }
        return new Verified(claims.caller(doc), expires, null);
    }

    private static Refusal unavailable() {
        return new Refusal(
                Refusal.Kind.UNAVAILABLE,
                "introspection-unavailable",
                "tokens cannot be checked now: the issuer's introspection endpoint is unavailable");
    }
}
