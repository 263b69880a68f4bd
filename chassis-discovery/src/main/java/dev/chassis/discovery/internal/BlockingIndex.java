package dev.chassis.discovery.internal;

/**
 * The index of a blocking-query loop, kept by Consul's rules
 * (developer.hashicorp.com/consul/api-docs/features/blocking):
 * <ul>
 *   <li>the first read, and the first after a reset, carries no index and does not block;
 *   <li>an answered index of 0 is a Consul bug that would turn the loop into a busy one: it is
 *       taken as 1, so 0 is never sent;
 *   <li>an index lower than the one sent means the data was restored or another server answered:
 *       the index is reset and the loop starts again with a read that does not block.
 * </ul>
 * Not thread-safe: owned by one loop.
 */
final class BlockingIndex {
    /** What an answer's index meant. */
    enum Change {
        /** The first answer, or one after a reset. */
        FIRST,
        /** Higher than the index sent: something changed. */
        MOVED,
        /** The same as the index sent: the wait ran out. */
        SAME,
        /** Lower than the index sent: reset. */
        BACKWARDS
    }

    private long index;

    /** The index to send; 0 means send none and do not block. */
    long next() {
        return index;
    }

    /** Takes the {@code X-Consul-Index} of an answer to the query sent with {@link #next()}. */
    Change observe(long answered) {
        long sane = Math.max(answered, 1);
        long sent = index;
        if (sent == 0) {
            index = sane;
            return Change.FIRST;
        }
        if (sane < sent) {
            index = 0;
            return Change.BACKWARDS;
        }
        index = sane;
        return sane == sent ? Change.SAME : Change.MOVED;
    }

    /** Starts again with a read that does not block. */
    void reset() {
        index = 0;
    }
}
