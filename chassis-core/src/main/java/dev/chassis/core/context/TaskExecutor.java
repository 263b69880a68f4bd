package dev.chassis.core.context;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The executor the chassis gives application code for work off the request thread: each task
 * runs with the context of the thread that submitted it (correlation ID, trace), on a virtual
 * thread where the JVM has them and on a bounded pool otherwise. Injected; shut down after the
 * HTTP drain when the service stops.
 *
 * <pre>{@code
 * CompletableFuture.supplyAsync(() -> audit.record(event), taskExecutor);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class TaskExecutor extends AbstractExecutorService {
    private final ExecutorService delegate;

    /** Wraps an executor; tasks it runs carry their submitter's context. */
    public TaskExecutor(ExecutorService delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable command) {
        delegate.execute(ContextPropagation.wrap(command));
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }
}
