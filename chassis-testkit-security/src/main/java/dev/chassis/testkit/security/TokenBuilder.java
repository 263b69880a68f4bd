package dev.chassis.testkit.security;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.chassis.testkit.security.internal.IssuerState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Mints one token of a {@link FakeAuthorizationServer}: by default subject {@code alice}, its
 * issuer, audience {@link FakeAuthorizationServer#AUDIENCE}, issued now, valid five minutes, no
 * scope, RS256 with its current key. The last call says how it is made: {@link #sign()} as the
 * issuer would, or one of the hostile forms a test throws at a service.
 *
 * <pre>{@code
 * String good = issuer.token().subject("bob").scope("accounts:write").sign();
 * String stale = issuer.token().expiredAgo(Duration.ofMinutes(1)).sign();
 * String forged = issuer.token().signedByUnknownKey();
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class TokenBuilder {
    private final IssuerState state;
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private String issuer;
    private String subject = "alice";
    private List<String> audience = new ArrayList<>(List.of(FakeAuthorizationServer.AUDIENCE));
    private Instant issuedAt = Instant.now();
    private @Nullable Instant expiresAt = issuedAt.plus(Duration.ofMinutes(5));
    private @Nullable Instant notBefore;
    private boolean ec;
    private @Nullable URI jku;
    private @Nullable URI x5u;
    private @Nullable String keyId;

    TokenBuilder(String issuer, IssuerState state) {
        this.issuer = issuer;
        this.state = state;
    }

    /** The {@code sub}. */
    public TokenBuilder subject(String subject) {
        this.subject = requireNonNull(subject, "subject");
        return this;
    }

    /** The {@code iss}, in place of the server's own. */
    public TokenBuilder issuer(String issuer) {
        this.issuer = requireNonNull(issuer, "issuer");
        return this;
    }

    /** The {@code aud} values, in place of the default one; none leaves it out. */
    public TokenBuilder audience(String... audience) {
        this.audience = new ArrayList<>(List.of(audience));
        return this;
    }

    /** The {@code scope}, space-separated as RFC 8693 writes it. */
    public TokenBuilder scope(String... scopes) {
        return claim("scope", String.join(" ", scopes));
    }

    /** Any other claim (a {@code roles} list, {@code client_id}, {@code tenant}). */
    public TokenBuilder claim(String name, Object value) {
        claims.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
        return this;
    }

    /** {@code exp} this long after {@code iat}. */
    public TokenBuilder expiresIn(Duration lifetime) {
        this.expiresAt = issuedAt.plus(lifetime);
        return this;
    }

    /** An {@code exp} this long ago (issued five minutes before). */
    public TokenBuilder expiredAgo(Duration ago) {
        this.expiresAt = Instant.now().minus(ago);
        this.issuedAt = expiresAt.minus(Duration.ofMinutes(5));
        return this;
    }

    /** No {@code exp} at all. */
    public TokenBuilder withoutExpiry() {
        this.expiresAt = null;
        return this;
    }

    /** The {@code iat}. */
    public TokenBuilder issuedAt(Instant issuedAt) {
        this.issuedAt = requireNonNull(issuedAt, "issuedAt");
        return this;
    }

    /** The {@code nbf}. */
    public TokenBuilder notBefore(Instant notBefore) {
        this.notBefore = requireNonNull(notBefore, "notBefore");
        return this;
    }

    /** ES256 with the server's EC key instead of RS256. */
    public TokenBuilder es256() {
        this.ec = true;
        return this;
    }

    /** A {@code kid} header other than the signing key's. */
    public TokenBuilder keyId(String keyId) {
        this.keyId = requireNonNull(keyId, "keyId");
        return this;
    }

    /** A {@code jku} header: a key set URL a careless verifier would fetch. */
    public TokenBuilder jku(URI url) {
        this.jku = requireNonNull(url, "url");
        return this;
    }

    /** An {@code x5u} header: a certificate URL a careless verifier would fetch. */
    public TokenBuilder x5u(URI url) {
        this.x5u = requireNonNull(url, "url");
        return this;
    }

    /** Pads the token with a claim so that it is about this many characters long. */
    public TokenBuilder paddedTo(int characters) {
        int padding = Math.max(0, characters * 3 / 4 - 400);
        return claim("padding", "x".repeat(padding));
    }

    /** The claims as built. */
    public JWTClaimsSet claims() {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .jwtID(java.util.UUID.randomUUID().toString());
        if (!audience.isEmpty()) {
            b.audience(audience);
        }
        if (expiresAt != null) {
            b.expirationTime(Date.from(expiresAt));
        }
        if (notBefore != null) {
            b.notBeforeTime(Date.from(notBefore));
        }
        claims.forEach(b::claim);
        return b.build();
    }

    /** Signed as the issuer signs: with its current key. */
    public String sign() {
        return ec
                ? signEc()
                : signRsa(state.rsa(), keyId != null ? keyId : state.rsa().getKeyID());
    }

    /** Signed by an RSA key the issuer never published, under a {@code kid} it does not have. */
    public String signedByUnknownKey() {
        RSAKey stranger = IssuerStateAccess.strangerKey();
        return signRsa(stranger, keyId != null ? keyId : stranger.getKeyID());
    }

    /** Signed by a key the issuer never published, under the {@code kid} of its current key. */
    public String forgedWithKnownKeyId() {
        return signRsa(IssuerStateAccess.strangerKey(), state.rsa().getKeyID());
    }

    /** {@code alg: none}, no signature. */
    public String unsigned() {
        return new PlainJWT(claims()).serialize();
    }

    /**
     * HS256 with the issuer's RSA public key as the HMAC secret, under that key's {@code kid}: the
     * algorithm confusion a verifier falls for when it lets the token choose the algorithm.
     */
    public String hmacWithPublicKey() {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID(state.rsa().getKeyID())
                            .build(),
                    claims());
            jwt.sign(new MACSigner(state.rsa().toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWE (RSA-OAEP-256, A256GCM) to the issuer's RSA key: encrypted, not signed. */
    public String encrypted() {
        try {
            EncryptedJWT jwt = new EncryptedJWT(
                    new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM)
                            .keyID(state.rsa().getKeyID())
                            .build(),
                    claims());
            jwt.encrypt(new RSAEncrypter(state.rsa().toRSAPublicKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String signRsa(RSAKey key, String kid) {
        try {
            SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.RS256, kid), claims());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String signEc() {
        try {
            SignedJWT jwt = new SignedJWT(
                    header(
                            JWSAlgorithm.ES256,
                            keyId != null ? keyId : state.ec().getKeyID()),
                    claims());
            jwt.sign(new ECDSASigner(state.ec()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWSHeader header(JWSAlgorithm alg, String kid) {
        JWSHeader.Builder h = new JWSHeader.Builder(alg).keyID(kid);
        if (jku != null) {
            h.jwkURL(jku);
        }
        if (x5u != null) {
            h.x509CertURL(x5u);
        }
        return h.build();
    }

    /** A key no issuer published, made once per JVM (RSA keys are slow to make). */
    private static final class IssuerStateAccess {
        private static volatile @Nullable RSAKey stranger;

        static RSAKey strangerKey() {
            RSAKey k = stranger;
            if (k == null) {
                synchronized (IssuerStateAccess.class) {
                    k = stranger;
                    if (k == null) {
                        k = IssuerState.strangerRsa();
                        stranger = k;
                    }
                }
            }
            return k;
        }
    }
}
