package dev.chassis.core.internal.netty;

import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ServerConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one event-loop group of a service, shared by the HTTP server and the service client: native
 * epoll where available, NIO otherwise. Created on first use, shut down last. Thread-safe.
 *
 * <p>Netty's buffer leak detection is off unless the system property
 * {@value #LEAK_DETECTION_PROPERTY} asks for it: at its default level it records a stack trace for
 * one buffer in 128, which costs a few per cent of an event loop's CPU in production, where a leak
 * report helps nobody. The chassis' own tests run with it on.
 */
public final class EventLoops {
    /** The system property that sets Netty's leak detection level. */
    public static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

    static {
        if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private final int threads;
    private final boolean epoll;
    private @Nullable EventLoopGroup group;
    private @Nullable EventLoopGroup local;

    public EventLoops(ServerConfig config) {
        this.threads =
                config.eventLoopThreads() == 0 ? Runtime.getRuntime().availableProcessors() : config.eventLoopThreads();
        this.epoll = switch (config.transport()) {
            case NIO -> false;
            case AUTO -> Epoll.isAvailable();
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new ConfigException(
                            "server.transport: 'epoll' is not available here (expected: auto or nio)",
                            Epoll.unavailabilityCause());
                }
                yield true;
            }
        };
    }

    /** The group, created on first call. */
    public synchronized EventLoopGroup group() {
        if (group == null) {
            IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("chassis-io", true), io);
        }
        return group;
    }

    /** A group for in-memory (local) channels, created on first call. */
    public synchronized EventLoopGroup localGroup() {
        if (local == null) {
            local = new MultiThreadIoEventLoopGroup(
                    threads, new DefaultThreadFactory("chassis-local", true), LocalIoHandler.newFactory());
        }
        return local;
    }

    public boolean epoll() {
        return epoll;
    }

    public int threads() {
        return threads;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> channel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Stops the loops, letting queued tasks run for up to two seconds. */
    public synchronized void shutdown() {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (local != null) {
            local.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
