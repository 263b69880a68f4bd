package dev.chassis.core.common;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Virtual threads where the running JVM has them (21+), found at run time since the chassis is
 * compiled for 17.
 */
public final class VirtualThreads {
    private VirtualThreads() {}

    /** {@code Thread.ofVirtual().name(prefix, 0).factory()}, or null before Java 21. */
    public static @Nullable ThreadFactory factory(String prefix) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderClass = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builderClass));
            MethodHandle name = lookup.findVirtual(
                    builderClass, "name", MethodType.methodType(builderClass, String.class, long.class));
            MethodHandle factory =
                    lookup.findVirtual(builderClass, "factory", MethodType.methodType(ThreadFactory.class));
            Object builder = name.invoke(ofVirtual.invoke(), prefix, 0L);
            return (ThreadFactory) factory.invoke(builder);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create virtual threads", e);
        }
    }

    /** {@code Executors.newThreadPerTaskExecutor(factory)}, or null before Java 21. */
    public static @Nullable ExecutorService threadPerTask(ThreadFactory factory) {
        try {
            MethodHandle m = MethodHandles.publicLookup()
                    .findStatic(
                            Executors.class,
                            "newThreadPerTaskExecutor",
                            MethodType.methodType(ExecutorService.class, ThreadFactory.class));
            return (ExecutorService) m.invoke(factory);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create a thread-per-task executor", e);
        }
    }
}
