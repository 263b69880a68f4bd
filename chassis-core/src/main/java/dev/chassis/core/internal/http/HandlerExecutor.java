package dev.chassis.core.internal.http;

import dev.chassis.core.common.VirtualThreads;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ServerConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs handlers off the event loop: on a new virtual thread each where the JVM has them, or on
 * a bounded pool. Either way at most {@code server.max-concurrent-requests} run at once, and a
 * task that cannot start now is refused at once, never queued without bound. Thread-safe.
 */
public final class HandlerExecutor {
    private final @Nullable ThreadFactory virtualThreads;
    private final @Nullable ThreadPoolExecutor pool;
    private final int maxConcurrent;
    private final AtomicInteger running = new AtomicInteger();

    private HandlerExecutor(
            @Nullable ThreadFactory virtualThreads, @Nullable ThreadPoolExecutor pool, int maxConcurrent) {
        this.virtualThreads = virtualThreads;
        this.pool = pool;
        this.maxConcurrent = maxConcurrent;
    }

    public static HandlerExecutor create(ServerConfig config) {
        ThreadFactory virtual =
                config.executor() == ServerConfig.Executor.POOL ? null : VirtualThreads.factory("chassis-handler-");
        if (virtual == null && config.executor() == ServerConfig.Executor.VIRTUAL) {
            throw new ConfigException("server.executor: 'virtual' needs Java 21 or later (running "
                    + Runtime.version().feature() + "; expected: auto or pool)");
        }
        if (virtual != null) {
            return new HandlerExecutor(virtual, null, config.maxConcurrentRequests());
        }
        BlockingQueue<Runnable> queue =
                config.workerQueue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(config.workerQueue());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                config.workerThreads(),
                config.workerThreads(),
                60,
                TimeUnit.SECONDS,
                queue,
                new DefaultThreadFactory("chassis-worker", true),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return new HandlerExecutor(null, pool, config.maxConcurrentRequests());
    }

    /** Whether handlers run on virtual threads. */
    public boolean virtual() {
        return virtualThreads != null;
    }

    /** Starts a task, or returns false at once when the limit is reached or the pool is full. */
    public boolean execute(Runnable task) {
        if (running.incrementAndGet() > maxConcurrent) {
            running.decrementAndGet();
            return false;
        }
        Runnable counted = () -> {
            try {
                task.run();
            } finally {
                running.decrementAndGet();
            }
        };
        try {
            if (virtualThreads != null) {
                virtualThreads.newThread(counted).start();
            } else {
                pool.execute(counted);
            }
            return true;
        } catch (RejectedExecutionException e) {
            running.decrementAndGet();
            return false;
        }
    }

    /** Handlers running now. */
    public int running() {
        return running.get();
    }

    /** Stops the pool's idle threads; running tasks finish. */
    public void shutdown() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
