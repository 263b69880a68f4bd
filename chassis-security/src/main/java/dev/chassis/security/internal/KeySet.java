package dev.chassis.security.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.chassis.security.config.SecurityConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys, fetched from its key set and kept with their verifiers. A key set is
 * used for its {@code Cache-Control: max-age} (kept between the minimum refresh interval and 24h;
 * {@code jwks-ttl} without one) and refreshed in the background before it runs out; while the
 * issuer cannot be reached the last good key set keeps serving. A token with an unknown {@code kid}
 * makes one fetch, and fetches for unknown keys are at most one per {@code
 * jwks-min-refresh-interval}, so random {@code kid}s cost the issuer nothing more. Symmetric keys
 * and keys for encryption are never used. Thread-safe.
 */
public final class KeySet {
    private static final Logger log = LoggerFactory.getLogger(KeySet.class);
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})");
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** A usable key and its verifier. */
    public record Key(String kid, JWK jwk, JWSVerifier verifier) {}

    private record Snapshot(List<Key> keys, Map<String, Key> byKid, long fetchedNanos, long expiresNanos) {}

    private final SecurityConfig.Jwt config;
    private final IssuerMetadata issuer;
    private final Http http;
    private final SecurityMeters meters;
    private final LongSupplier nanos;
    private final long minIntervalNanos;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile @Nullable Snapshot current;
    private volatile long lastAttemptNanos;
    private volatile boolean attempted;
    private @Nullable ScheduledExecutorService scheduler;
    /** The one pending refresh: each fetch replaces it, so fetches never add refresh chains. */
    private java.util.concurrent.@Nullable ScheduledFuture<?> next;

    public KeySet(
            SecurityConfig.Jwt config, IssuerMetadata issuer, Http http, SecurityMeters meters, LongSupplier nanos) {
        this.config = config;
        this.issuer = issuer;
        this.http = http;
        this.meters = meters;
        this.nanos = nanos;
        this.minIntervalNanos = config.jwksMinRefreshInterval().toNanos();
        meters.keySetGauges(this::ageSeconds, () -> {
            Snapshot s = current;
            return s == null ? 0.0 : s.keys().size();
        });
    }

    /** Fetches the key set now and keeps refreshing it on the scheduler; a failure is logged, not thrown. */
    public void start(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        refresh("start");
    }

    /** Whether a key set has been fetched. */
    public boolean loaded() {
        return current != null;
    }

    /** Whether the key set in use holds this key, for cached tokens signed by it. */
    public boolean holds(String kid) {
        Snapshot s = current;
        return s != null && s.byKid().containsKey(kid);
    }

    /**
     * The key that verifies a token signed with {@code alg} under {@code kid}; fetches the key set
     * once when it does not hold the key, unless one was fetched within the minimum interval.
     *
     * @return the key, or empty when the issuer has none such
     * @throws Refusal of kind {@code UNAVAILABLE} when no key set could ever be fetched
     */
    public Optional<Key> find(@Nullable String kid, JWSAlgorithm alg) throws Refusal {
        Snapshot s = current;
        if (s == null) {
            refreshIfAllowed("first-use");
            s = current;
            if (s == null) {
                throw new Refusal(
                        Refusal.Kind.UNAVAILABLE,
                        "keys-unavailable",
                        "tokens cannot be verified now: the issuer's keys are unavailable");
            }
        }
        Key key = select(s, kid, alg);
        if (key == null && refreshIfAllowed("unknown-kid")) {
            key = select(current, kid, alg);
        }
        return Optional.ofNullable(key);
    }

    private static @Nullable Key select(@Nullable Snapshot s, @Nullable String kid, JWSAlgorithm alg) {
        if (s == null) {
            return null;
        }
        if (kid != null) {
            Key k = s.byKid().get(kid);
            return k != null && fits(k.jwk(), alg) ? k : null;
        }
        Key only = null;
        for (Key k : s.keys()) {
            if (fits(k.jwk(), alg)) {
                if (only != null) {
                    return null;
                }
                only = k;
            }
        }
        return only;
    }

    /** Whether a key can verify a signature of this algorithm: its type, curve and own {@code alg}. */
    static boolean fits(JWK jwk, JWSAlgorithm alg) {
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(alg.getName())) {
            return false;
        }
        if (JWSAlgorithm.Family.RSA.contains(alg)) {
            return jwk instanceof RSAKey;
        }
        if (JWSAlgorithm.Family.EC.contains(alg)) {
            return jwk instanceof ECKey ec && Curve.forJWSAlgorithm(alg).contains(ec.getCurve());
        }
        if (JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg)) {
            return jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
        }
        return false;
    }

    /** Fetches unless one was tried within the minimum interval; true when this call fetched. */
    private boolean refreshIfAllowed(String trigger) {
        if (attempted && nanos.getAsLong() - lastAttemptNanos < minIntervalNanos) {
            return false;
        }
        long before = lastAttemptNanos;
        fetching.lock();
        try {
            // Another thread may have fetched while this one waited: that fetch counts.
            if (attempted && lastAttemptNanos != before) {
                return true;
            }
            fetchLocked(trigger);
            return true;
        } finally {
            fetching.unlock();
        }
    }

    /** Fetches now (start, schedule); one at a time. */
    void refresh(String trigger) {
        fetching.lock();
        try {
            fetchLocked(trigger);
        } finally {
            fetching.unlock();
        }
    }

    private void fetchLocked(String trigger) {
        attempted = true;
        lastAttemptNanos = nanos.getAsLong();
        long nextNanos;
        try {
            URI uri = issuer.jwksUri();
            Http.Answer answer =
                    http.get(uri, config.jwksTimeout(), config.jwksMaxSize().bytes());
            if (answer.status() != 200) {
                throw new Http.HttpFailure("answered " + answer.status());
            }
            List<Key> keys = parse(answer.body());
            long ttl = ttlNanos(answer.cacheControl().orElse(null));
            long now = nanos.getAsLong();
            Map<String, Key> byKid = new HashMap<>();
            for (Key k : keys) {
                byKid.putIfAbsent(k.kid(), k);
            }
            Snapshot before = current;
            current = new Snapshot(List.copyOf(keys), Map.copyOf(byKid), now, now + ttl);
            meters.jwksFetch("success", trigger);
            if (before == null || !before.byKid().keySet().equals(byKid.keySet())) {
                log.info("key set of {} holds {} usable key(s): {}", uri, keys.size(), byKid.keySet());
            }
            nextNanos = Math.max(minIntervalNanos, ttl - Math.min(ttl / 10, TimeUnit.SECONDS.toNanos(30)));
        } catch (Http.HttpFailure e) {
            meters.jwksFetch("failure", trigger);
            log.warn(
                    "cannot fetch the issuer's key set ({}): {}; {}",
                    trigger,
                    e.getMessage(),
                    current == null
                            ? "no key set yet, tokens cannot be verified"
                            : "the last good key set stays in use");
            nextNanos = Math.max(Math.min(minIntervalNanos, RETRY_NANOS), TimeUnit.SECONDS.toNanos(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        schedule(nextNanos);
    }

    /** Replaces the pending refresh; called with the fetch lock held. */
    private void schedule(long delayNanos) {
        ScheduledExecutorService s = scheduler;
        if (s != null && !s.isShutdown()) {
            java.util.concurrent.ScheduledFuture<?> pending = next;
            if (pending != null) {
                pending.cancel(false);
            }
            try {
                next = s.schedule(() -> refresh("scheduled"), delayNanos, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the service is stopping
            }
        }
    }

    /** The usable keys of a key set document. */
    private List<Key> parse(byte[] body) throws Http.HttpFailure {
        JWKSet set;
        try {
            set = JWKSet.parse(new String(body, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new Http.HttpFailure("the answer is not a JWK set: " + e.getMessage());
        }
        List<Key> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
                continue;
            }
            JWK pub = jwk.toPublicJWK();
            if (pub == null) {
                continue; // a symmetric key: never a verification key here
            }
            JWSVerifier verifier = verifier(pub);
            if (verifier != null) {
                keys.add(new Key(pub.getKeyID() == null ? "" : pub.getKeyID(), pub, verifier));
            }
        }
        if (keys.isEmpty()) {
            throw new Http.HttpFailure("the key set holds no usable signing key");
        }
        return keys;
    }

    private static @Nullable JWSVerifier verifier(JWK jwk) {
        try {
            if (jwk instanceof RSAKey rsa) {
                return new RSASSAVerifier(rsa);
            }
            if (jwk instanceof ECKey ec) {
                return new ECDSAVerifier(ec);
            }
            if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
                return new Ed25519Verifier(okp);
            }
        } catch (JOSEException | RuntimeException | LinkageError e) {
            log.warn("key {} of the issuer's key set cannot verify signatures: {}", jwk.getKeyID(), e.toString());
        }
        return null;
    }

    private long ttlNanos(@Nullable String cacheControl) {
        long min = Math.max(minIntervalNanos, TimeUnit.SECONDS.toNanos(1));
        if (cacheControl == null) {
            return config.jwksTtl().toNanos();
        }
        if (cacheControl.contains("no-store") || cacheControl.contains("no-cache")) {
            return min;
        }
        Matcher m = MAX_AGE.matcher(cacheControl);
        if (!m.find()) {
            return config.jwksTtl().toNanos();
        }
        long seconds = Long.parseLong(m.group(1));
        return Math.max(
                min,
                Math.min(TimeUnit.SECONDS.toNanos(seconds), Duration.ofHours(24).toNanos()));
    }

    /** Seconds since the key set in use was fetched, -1 before any. */
    double ageSeconds() {
        Snapshot s = current;
        return s == null ? -1 : (nanos.getAsLong() - s.fetchedNanos()) / 1e9;
    }
}
