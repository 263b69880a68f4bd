package dev.chassis.testkit.security.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What the fake authorization server holds: its signing keys (an RSA and an EC key current, older
 * ones kept until retired), registered clients, opaque tokens, the requests it got and the faults
 * switched on. Thread-safe.
 */
public final class IssuerState {
    /** A client registered for the client-credentials grant and introspection. */
    public record Client(String id, String secret, List<String> scopes) {}

    /** An opaque token's introspection answer. */
    public record Opaque(Map<String, Object> claims) {}

    /** A fault answer for every request to a path prefix, or to all paths ({@code ""}). */
    public record Fault(String pathPrefix, int status, String contentType, byte[] body) {}

    private static final AtomicInteger KEY_IDS = new AtomicInteger();

    private volatile RSAKey rsa;
    private volatile ECKey ec;
    private final List<JWK> published = new CopyOnWriteArrayList<>();
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Opaque> opaque = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private volatile Duration jwksMaxAge = Duration.ofMinutes(5);
    private volatile Duration tokenLifetime = Duration.ofMinutes(5);
    private volatile Duration tokenDelay = Duration.ZERO;

    public IssuerState() {
        this.rsa = newRsa();
        this.ec = newEc();
        published.add(rsa.toPublicJWK());
        published.add(ec.toPublicJWK());
    }

    static RSAKey newRsa() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID("rsa-" + KEY_IDS.incrementAndGet())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    /** An RSA key no issuer publishes. */
    public static RSAKey strangerRsa() {
        try {
            return new RSAKeyGenerator(2048).keyID("stranger").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    static ECKey newEc() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID("ec-" + KEY_IDS.incrementAndGet())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an EC key", e);
        }
    }

    public RSAKey rsa() {
        return rsa;
    }

    public ECKey ec() {
        return ec;
    }

    /** The public key set as served, current keys first. */
    public JWKSet jwks() {
        List<JWK> keys = new ArrayList<>(published);
        java.util.Collections.reverse(keys);
        return new JWKSet(keys);
    }

    /** New current keys, published beside the old ones, which keep verifying until retired. */
    public synchronized void rotate() {
        rsa = newRsa();
        ec = newEc();
        published.add(rsa.toPublicJWK());
        published.add(ec.toPublicJWK());
    }

    /** Stops publishing every key but the current two. */
    public synchronized void retireOldKeys() {
        published.removeIf(
                k -> !k.getKeyID().equals(rsa.getKeyID()) && !k.getKeyID().equals(ec.getKeyID()));
    }

    public void client(Client client) {
        clients.put(client.id(), client);
    }

    public @Nullable Client client(String id) {
        return clients.get(id);
    }

    public void opaque(String token, Opaque answer) {
        opaque.put(token, answer);
    }

    public @Nullable Opaque opaque(String token) {
        return opaque.get(token);
    }

    public void record(String request) {
        requests.add(request);
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    public void fault(Fault fault) {
        faults.add(fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** The fault that answers a path now, the latest first. */
    public @Nullable Fault faultFor(String path) {
        for (int i = faults.size() - 1; i >= 0; i--) {
            Fault f = faults.get(i);
            if (path.startsWith(f.pathPrefix())) {
                return f;
            }
        }
        return null;
    }

    public Duration jwksMaxAge() {
        return jwksMaxAge;
    }

    public void jwksMaxAge(Duration maxAge) {
        this.jwksMaxAge = maxAge;
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    public Duration tokenDelay() {
        return tokenDelay;
    }

    public void tokenDelay(Duration delay) {
        this.tokenDelay = delay;
    }
}
