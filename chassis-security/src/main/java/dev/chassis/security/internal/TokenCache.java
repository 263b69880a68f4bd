package dev.chassis.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Verified tokens by their SHA-256 (the token itself is never kept), each until its expiry or the
 * maximum time to live, whichever comes first. Bounded: when full, expired entries go first, then
 * everything. Thread-safe.
 */
public final class TokenCache {
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Entry(Verified verified, long untilMillis) {}

    private final int maxEntries;
    private final long maxTtlMillis;
    private final LongSupplier clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public TokenCache(int maxEntries, long maxTtlMillis, LongSupplier clockMillis) {
        this.maxEntries = maxEntries;
        this.maxTtlMillis = maxTtlMillis;
        this.clock = clockMillis;
    }

    /** The key of a token: its SHA-256, 32 bytes as 32 ISO-8859-1 characters. */
    public static String key(String token) {
        MessageDigest md;
        try {
            md = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        return new String(md.digest(token.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }

    /** The cached verification, if it is still good and {@code stillValid} holds for it. */
    public @Nullable Verified get(String key, Predicate<Verified> stillValid) {
        if (maxEntries == 0) {
            return null;
        }
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (clock.getAsLong() >= e.untilMillis() || !stillValid.test(e.verified())) {
            entries.remove(key, e);
            return null;
        }
        return e.verified();
    }

    public void put(String key, Verified verified) {
        if (maxEntries == 0) {
            return;
        }
        long now = clock.getAsLong();
        long until = Math.min(verified.expiresAtMillis(), now + maxTtlMillis);
        if (until <= now) {
            return;
        }
        if (entries.size() >= maxEntries) {
            evict(now);
        }
        entries.put(key, new Entry(verified, until));
    }

    private void evict(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().untilMillis() <= now) {
                it.remove();
            }
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
    }

    /** How many tokens are kept now. */
    public int size() {
        return entries.size();
    }
}
