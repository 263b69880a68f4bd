package dev.chassis.resilience.internal;

import dev.chassis.core.client.OutboundRequest;
import dev.chassis.resilience.config.FallbackConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The last good answer to each GET of one downstream, by filled path and query, for the
 * {@code last-good} fallback: at most {@code max-entries}, least recently used forgotten first,
 * none older than {@code max-age}. Thread-safe.
 */
final class LastGood {
    private final int maxEntries;
    private final long maxAgeNanos;
    private final Map<String, Stored> entries;

    private record Stored(Object value, long storedAt) {}

    LastGood(FallbackConfig config) {
        this.maxEntries = config.maxEntries();
        this.maxAgeNanos = config.maxAge().toNanos();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
                return size() > LastGood.this.maxEntries;
            }
        };
    }

    static boolean applies(OutboundRequest request) {
        return request.method().equals("GET");
    }

    void remember(OutboundRequest request, Object value) {
        Stored entry = new Stored(value, System.nanoTime());
        synchronized (entries) {
            entries.put(request.path(), entry);
        }
    }

    @Nullable
    Object recall(OutboundRequest request) {
        Stored entry;
        synchronized (entries) {
            entry = entries.get(request.path());
        }
        if (entry == null || System.nanoTime() - entry.storedAt() > maxAgeNanos) {
            return null;
        }
        return entry.value();
    }
}
