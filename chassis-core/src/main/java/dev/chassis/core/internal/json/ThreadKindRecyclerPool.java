package dev.chassis.core.internal.json;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * Jackson's buffers, pooled by the kind of thread that reads or writes. The server's own threads
 * (its event loops and the threads of its bounded pool, all Netty {@link FastThreadLocalThread}s)
 * serve request after request and keep their own buffers, found without a lock, as Jackson does
 * by default. Any other thread takes them from a pool all threads share and gives them back when
 * done: a virtual thread lives for one request, and buffers of its own would be allocated for
 * each one (16 KiB and more).
 */
final class ThreadKindRecyclerPool implements RecyclerPool<BufferRecycler> {
    private static final long serialVersionUID = 1L;

    private final RecyclerPool<BufferRecycler> shared = JsonRecyclerPools.newConcurrentDequePool();
    private final RecyclerPool<BufferRecycler> perThread = JsonRecyclerPools.threadLocalPool();

    /** What Jackson asks for: the buffers go back to where they came from when released. */
    @Override
    public BufferRecycler acquireAndLinkPooled() {
        return Thread.currentThread() instanceof FastThreadLocalThread
                ? perThread.acquireAndLinkPooled()
                : shared.acquireAndLinkPooled();
    }

    /** Buffers taken without a link are always the shared pool's, as are those given back here. */
    @Override
    public BufferRecycler acquirePooled() {
        return shared.acquirePooled();
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        shared.releasePooled(recycler);
    }

    /** Buffers in the shared pool (those the server's threads keep are not counted). */
    @Override
    public int pooledCount() {
        return shared.pooledCount();
    }

    @Override
    public boolean clear() {
        return shared.clear();
    }
}
