package dev.chassis.security.internal;

import dev.chassis.security.auth.Caller;
import org.jspecify.annotations.Nullable;

/**
 * Turns a bearer token into its {@link Caller}: from the cache of verified tokens when it is
 * there, else as a JWT, else by introspection, counting each outcome. Thread-safe.
 */
public final class Authenticator {
    private final @Nullable JwtVerifier jwt;
    private final @Nullable Introspector introspector;
    private final TokenCache cache;
    private final SecurityMeters meters;

    public Authenticator(
            @Nullable JwtVerifier jwt, @Nullable Introspector introspector, TokenCache cache, SecurityMeters meters) {
        this.jwt = jwt;
        this.introspector = introspector;
        this.cache = cache;
        this.meters = meters;
    }

    public Caller authenticate(String token) throws Refusal {
        String key = TokenCache.key(token);
        Verified cached =
                cache.get(key, v -> v.kid() == null || jwt == null || jwt.keys().holds(v.kid()));
        if (cached != null) {
            meters.token("accepted", "cached");
            return cached.caller();
        }
        Verified verified;
        String how;
        try {
            if (jwt != null && (introspector == null || looksLikeJwt(token))) {
                verified = jwt.verify(token);
                how = "verified";
            } else if (introspector != null) {
                verified = introspector.introspect(token);
                how = "introspected";
            } else {
                throw Refusal.invalid("malformed", "the token is not a well-formed JWT");
            }
        } catch (Refusal r) {
            meters.token("refused", r.reason());
            throw r;
        }
        cache.put(key, verified);
        meters.token("accepted", how);
        return verified.caller();
    }

    /** Three parts: a JWS (a JWE has five, and goes to the verifier too, to be refused). */
    static boolean looksLikeJwt(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                dots++;
            }
        }
        return dots == 2 || dots == 4;
    }

    /** Counts a request refused for lacking rights. */
    public void deniedAccess() {
        meters.denied("insufficient-scope");
    }

    /** Counts a refusal that happened before a token was read (no header, two headers). */
    public void refused(String reason) {
        meters.token("refused", reason);
    }
}
