package dev.chassis.core.internal.context;

import dev.chassis.core.common.VirtualThreads;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.context.TaskExecutor;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the {@link TaskExecutor} and shuts it down after the drain. */
public final class TaskExecutors {
    private static final Logger log = LoggerFactory.getLogger(TaskExecutors.class);

    private TaskExecutors() {}

    /**
     * Virtual threads where the JVM has them; otherwise a pool of up to {@code worker-threads}
     * that runs a task on the caller's thread when every pool thread is busy.
     */
    public static TaskExecutor create(ServerConfig config) {
        ThreadFactory virtual =
                config.executor() == ServerConfig.Executor.POOL ? null : VirtualThreads.factory("chassis-task-");
        ExecutorService delegate = virtual == null ? null : VirtualThreads.threadPerTask(virtual);
        if (delegate == null) {
            delegate = new ThreadPoolExecutor(
                    0,
                    config.workerThreads(),
                    60,
                    TimeUnit.SECONDS,
                    new SynchronousQueue<>(),
                    new DefaultThreadFactory("chassis-task", true),
                    new ThreadPoolExecutor.CallerRunsPolicy());
        }
        return new TaskExecutor(delegate);
    }

    /** Stops taking tasks after the drain and gives running ones a few seconds. */
    public static LifecycleParticipant shutdownOnStop(TaskExecutor executor) {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return "task executor";
            }

            @Override
            public int phase() {
                return PHASE_RESOURCES - 50;
            }

            @Override
            public void stop() throws InterruptedException {
                executor.shutdown();
                if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("tasks still running 5s after stop; interrupting them");
                    executor.shutdownNow();
                }
            }
        };
    }
}
