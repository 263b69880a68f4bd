package dev.chassis.security.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.chassis.security.config.SecurityConfig;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Verifies a JWT bearer token with Nimbus JOSE + JWT: a JWS (never {@code none}, never a JWE),
 * signed with an algorithm of the allow-list by a key of the issuer's key set chosen by its
 * {@code kid} and type (a token's {@code jku}, {@code x5u}, {@code jwk} or {@code x5c} headers
 * are never followed or used), then {@code iss}, {@code aud}, {@code exp}, {@code nbf} and
 * {@code iat} with the clock skew. Thread-safe.
 */
public final class JwtVerifier {
    private final SecurityConfig.Jwt config;
    private final KeySet keys;
    private final Claims claims;
    private final Set<JWSAlgorithm> algorithms;
    private final long skewMillis;
    private final LongSupplier clock;

    public JwtVerifier(SecurityConfig.Jwt config, long skewMillis, KeySet keys, LongSupplier clockMillis) {
        this.config = config;
        this.keys = keys;
        this.claims = new Claims(config);
        this.algorithms = config.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
        this.skewMillis = skewMillis;
        this.clock = clockMillis;
    }

    /** The key set, for the cache's check that a cached token's key is still published. */
    public KeySet keys() {
        return keys;
    }

    public Verified verify(String token) throws Refusal {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw Refusal.invalid("malformed", "the token is not a well-formed JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw Refusal.invalid("unsigned", "the token is not signed");
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            throw Refusal.invalid("encrypted", "encrypted tokens are not accepted");
        }
        JWSHeader header = signed.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        if (!algorithms.contains(alg)) {
            throw Refusal.invalid("algorithm", "the token's signing algorithm is not accepted");
        }
        String kid = header.getKeyID();
        KeySet.Key key = keys.find(kid, alg)
                .orElseThrow(() -> Refusal.invalid("unknown-key", "the token is signed with an unknown key"));
        boolean good;
        try {
            good = signed.verify(key.verifier());
        } catch (JOSEException | RuntimeException e) {
            good = false;
        }
        if (!good) {
            throw Refusal.invalid("signature", "the token's signature is not valid");
        }
        JWTClaimsSet set;
        try {
            set = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw Refusal.invalid("malformed", "the token's claims are not a JSON object");
        }
        long expires = checkClaims(set);
        return new Verified(claims.caller(set.getClaims()), expires, key.kid());
    }

    /** Checks the registered claims; the expiry in epoch milliseconds. */
    private long checkClaims(JWTClaimsSet set) throws Refusal {
        if (!config.issuer().equals(set.getIssuer())) {
            throw Refusal.invalid("issuer", "the token is from another issuer");
        }
        List<String> aud = set.getAudience();
        if (!config.audience().isEmpty() && aud.stream().noneMatch(config.audience()::contains)) {
            throw Refusal.invalid("audience", "the token is not meant for this service");
        }
        long now = clock.getAsLong();
        Date exp = set.getExpirationTime();
        if (exp == null) {
            throw Refusal.invalid("no-expiry", "the token has no expiry");
        }
        if (exp.getTime() + skewMillis <= now) {
            throw Refusal.invalid("expired", "the token has expired");
        }
        Date nbf = set.getNotBeforeTime();
        if (nbf != null && nbf.getTime() - skewMillis > now) {
            throw Refusal.invalid("not-yet-valid", "the token is not valid yet");
        }
        Date iat = set.getIssueTime();
        if (iat != null && iat.getTime() - skewMillis > now) {
            throw Refusal.invalid("issued-in-future", "the token is issued in the future");
        }
        return exp.getTime();
    }
}
