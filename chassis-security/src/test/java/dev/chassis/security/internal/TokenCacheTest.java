package dev.chassis.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.security.auth.Caller;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Caller alice = Caller.of("alice", null, Set.of(), Set.of(), null, Map.of());

    @Test
    void entryExpiresWithItsTokenEvenBeforeTheMaximumTtl() {
        TokenCache cache = new TokenCache(10, 60_000, now::get);
        cache.put(TokenCache.key("t1"), new Verified(alice, now.get() + 5_000, "k1"));
        now.addAndGet(4_999);
        assertThat(cache.get(TokenCache.key("t1"), v -> true)).isNotNull();
        now.addAndGet(1);
        assertThat(cache.get(TokenCache.key("t1"), v -> true)).isNull();
    }

    @Test
    void entryExpiresAfterTheMaximumTtlEvenWhenTheTokenLivesLonger() {
        TokenCache cache = new TokenCache(10, 1_000, now::get);
        cache.put(TokenCache.key("t1"), new Verified(alice, now.get() + 3_600_000, "k1"));
        now.addAndGet(1_000);
        assertThat(cache.get(TokenCache.key("t1"), v -> true)).isNull();
    }

    @Test
    void entryWhoseKeyWasWithdrawnIsDropped() {
        TokenCache cache = new TokenCache(10, 60_000, now::get);
        cache.put(TokenCache.key("t1"), new Verified(alice, now.get() + 5_000, "k1"));
        assertThat(cache.get(TokenCache.key("t1"), v -> false)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void staysWithinItsBoundAndKeysByHashNotByToken() {
        TokenCache cache = new TokenCache(3, 60_000, now::get);
        for (int i = 0; i < 10; i++) {
            cache.put(TokenCache.key("token-" + i), new Verified(alice, now.get() + 5_000, "k1"));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(TokenCache.key("token-1")).hasSize(32).doesNotContain("token");
    }

    @Test
    void zeroEntriesKeepsNothing() {
        TokenCache cache = new TokenCache(0, 60_000, now::get);
        cache.put(TokenCache.key("t1"), new Verified(alice, now.get() + 5_000, "k1"));
        assertThat(cache.get(TokenCache.key("t1"), v -> true)).isNull();
    }
}
