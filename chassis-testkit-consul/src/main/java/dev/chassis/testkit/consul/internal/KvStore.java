package dev.chassis.testkit.consul.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The KV store with Consul's indexes: each entry's {@code CreateIndex} and {@code ModifyIndex},
 * the table's index, and tombstones for deleted keys so that a deletion moves the index of the
 * prefix it was under.
 *
 * <p>Changes go through {@link Raft#write}; the accessors without a lock of their own must be
 * called inside {@link Raft#read} or {@link Raft#write}.
 */
final class KvStore {
    /**
     * One entry.
     *
     * @param key the key
     * @param value the value; null for an empty one, which Consul shows as null
     * @param flags the opaque flags
     * @param createIndex when the key was created
     * @param modifyIndex when it was last written
     */
    record Entry(String key, byte @Nullable [] value, long flags, long createIndex, long modifyIndex) {}

    private final Raft raft;
    private final NavigableMap<String, Entry> entries = new TreeMap<>();
    private final NavigableMap<String, Long> tombstones = new TreeMap<>();
    private long tableIndex;

    KvStore(Raft raft) {
        this.raft = raft;
    }

    /** Empties the store, as after losing the data directory; only inside {@link Raft#write}. */
    void clear() {
        entries.clear();
        tombstones.clear();
        tableIndex = 0;
    }

    /**
     * Writes a key.
     *
     * @param cas null for an unconditional write; 0 to write only a new key; otherwise the
     *     {@code ModifyIndex} the key must still have
     * @return whether the value was written
     */
    boolean put(String key, byte[] value, long flags, @Nullable Long cas) {
        return raft.write(() -> {
            Entry old = entries.get(key);
            if (cas != null && (old == null ? cas != 0 : old.modifyIndex() != cas)) {
                return false;
            }
            long idx = raft.next();
            byte[] stored = value.length == 0 ? null : value.clone();
            entries.put(key, new Entry(key, stored, flags, old == null ? idx : old.createIndex(), idx));
            tombstones.remove(key);
            tableIndex = idx;
            return true;
        });
    }

    /**
     * Deletes a key, or every key under a prefix.
     *
     * @param cas null for an unconditional delete, else the {@code ModifyIndex} the key must have;
     *     a missing key counts as deleted either way
     * @return whether the delete went ahead (a missing key counts as deleted)
     */
    boolean delete(String key, boolean recurse, @Nullable Long cas) {
        return raft.write(() -> {
            if (cas != null && !recurse) {
                Entry old = entries.get(key);
                if (old == null) {
                    return true;
                }
                if (old.modifyIndex() != cas) {
                    return false;
                }
            }
            List<String> doomed =
                    recurse ? List.copyOf(under(key).keySet()) : entries.containsKey(key) ? List.of(key) : List.of();
            if (doomed.isEmpty()) {
                return true;
            }
            long idx = raft.next();
            for (String k : doomed) {
                entries.remove(k);
                tombstones.put(k, idx);
            }
            tableIndex = idx;
            return true;
        });
    }

    /** Lowers every index with the function, as a restore from an older snapshot would. */
    void lowerIndexes(LongUnaryOperator lower) {
        entries.replaceAll((k, e) -> new Entry(
                k, e.value(), e.flags(), lower.applyAsLong(e.createIndex()), lower.applyAsLong(e.modifyIndex())));
        tombstones.replaceAll((k, idx) -> lower.applyAsLong(idx));
        tableIndex = tableIndex == 0 ? 0 : lower.applyAsLong(tableIndex);
    }

    // ---- reads, under the lock ----

    @Nullable
    Entry get(String key) {
        return entries.get(key);
    }

    /** The entries whose key starts with the prefix, in key order. */
    List<Entry> list(String prefix) {
        return new ArrayList<>(under(prefix).values());
    }

    /**
     * The index of a single-key read, as Consul gives it: the key's {@code ModifyIndex} while it
     * exists, else the table's index (at least 1).
     */
    long keyIndex(String key) {
        Entry entry = entries.get(key);
        return entry != null ? entry.modifyIndex() : Math.max(1, tableIndex);
    }

    /**
     * The index of a prefix read ({@code recurse} or {@code keys}), as Consul gives it: the highest
     * index of the entries and tombstones under the prefix, the table's for the empty prefix or
     * when there are none.
     */
    long prefixIndex(String prefix) {
        long idx = 0;
        if (!prefix.isEmpty()) {
            for (Entry e : under(prefix).values()) {
                idx = Math.max(idx, e.modifyIndex());
            }
            for (Map.Entry<String, Long> t : tombstonesUnder(prefix).entrySet()) {
                idx = Math.max(idx, t.getValue());
            }
        }
        return Math.max(1, idx != 0 ? idx : tableIndex);
    }

    private NavigableMap<String, Entry> under(String prefix) {
        return prefix.isEmpty() ? entries : entries.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }

    private NavigableMap<String, Long> tombstonesUnder(String prefix) {
        return tombstones.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }
}
