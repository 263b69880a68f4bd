package dev.chassis.core.internal.health;

import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Supplier;

/**
 * The operator's endpoints beside health and info, on the admin routes (the admin port when
 * there is one): a thread dump ({@code thread-dump-path}), and the running configuration with
 * each key's source, secrets masked ({@code config-path}): {@code LiveConfig.listing()}, which is
 * {@code --print-config}'s listing with the changes made while running and each key that waits for
 * a restart marked. Environment variables are not listed beyond the keys they set.
 */
public final class AdminEndpoints implements Routes {
    private final AdminConfig admin;
    private final Supplier<String> listing;

    public AdminEndpoints(AdminConfig admin, Supplier<String> listing) {
        this.admin = admin;
        this.listing = listing;
    }

    @Override
    public void register(Routing routing) {
        Routing routes = routing.admin();
        routes.get(admin.threadDumpPath(), request -> noStore(Response.ok().text(threadDump())));
        routes.get(admin.configPath(), request -> noStore(Response.ok().text(listing.get())));
    }

    private static Response noStore(Response response) {
        return response.header("Cache-Control", "no-store");
    }

    /** Every live thread, as jstack prints them: name, daemon, state, stack with locks held and waited for. */
    static String threadDump() {
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        Arrays.sort(threads, Comparator.comparing(ThreadInfo::getThreadName));
        StringBuilder out = new StringBuilder();
        out.append("thread dump at ")
                .append(Instant.now())
                .append(", ")
                .append(threads.length)
                .append(" threads\n");
        for (ThreadInfo t : threads) {
            out.append('\n')
                    .append('"')
                    .append(t.getThreadName())
                    .append("\" #")
                    .append(t.getThreadId())
                    .append(t.isDaemon() ? " daemon" : "")
                    .append(" prio=")
                    .append(t.getPriority())
                    .append('\n')
                    .append("   java.lang.Thread.State: ")
                    .append(t.getThreadState());
            if (t.getLockName() != null) {
                out.append(" on ").append(t.getLockName());
                if (t.getLockOwnerName() != null) {
                    out.append(" owned by \"").append(t.getLockOwnerName()).append('"');
                }
            }
            out.append('\n');
            StackTraceElement[] stack = t.getStackTrace();
            MonitorInfo[] monitors = t.getLockedMonitors();
            for (int i = 0; i < stack.length; i++) {
                out.append("\tat ").append(stack[i]).append('\n');
                for (MonitorInfo m : monitors) {
                    if (m.getLockedStackDepth() == i) {
                        out.append("\t- locked ").append(m).append('\n');
                    }
                }
            }
            LockInfo[] synchronizers = t.getLockedSynchronizers();
            if (synchronizers.length > 0) {
                out.append("   Locked ownable synchronizers:\n");
                for (LockInfo l : synchronizers) {
                    out.append("\t- ").append(l).append('\n');
                }
            }
        }
        return out.toString();
    }
}
