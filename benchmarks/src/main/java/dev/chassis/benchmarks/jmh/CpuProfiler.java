package dev.chassis.benchmarks.jmh;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark's JVM per operation ({@code cpu.per.op}, µs), every thread counted:
 * for the client benchmarks that is the caller, the client's event loops and the in-process
 * downstream together. On a shared machine it holds steadier than time per call, which moves with
 * every wake-up another process delays. Also reports, on Linux, how much of a CPU other processes
 * (and the hypervisor, as steal) used during the iteration ({@code cpu.others}, % of one CPU), to
 * tell a quiet iteration from a disturbed one, and the JVM's threads' context switches per
 * operation ({@code ctx.switches.per.op}): each is a thread that went to sleep and had to be woken,
 * the dearest step of a call that hands work between threads.
 *
 * <p>JMH runs a trial's {@code @TearDown} before this profiler sees the last iteration end, so
 * benchmarks measured with it leave their threads running until the fork exits.
 *
 * <pre>{@code java -jar benchmarks.jar -prof dev.chassis.benchmarks.jmh.CpuProfiler ClientCall}</pre>
 */
public final class CpuProfiler implements InternalProfiler {
    /** USER_HZ, the unit of /proc/stat: 100 on every mainstream Linux build. */
    private static final double TICKS_PER_SECOND = 100;

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuStart;
    private long wallStart;
    private long busyTicksStart = -1;
    private Map<String, Long> switchesStart = Map.of();

    @Override
    public String getDescription() {
        return "CPU time of the whole JVM per operation, and other processes' CPU share";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        busyTicksStart = busyTicks();
        switchesStart = contextSwitches();
        wallStart = System.nanoTime();
        cpuStart = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        long busyTicks = busyTicks();
        Map<String, Long> switches = contextSwitches();
        List<Result> results = new ArrayList<>(3);
        long ops = result.getMetadata().getMeasuredOps();
        if (ops > 0) {
            results.add(new ScalarResult("cpu.per.op", cpu / 1000.0 / ops, "us/op", AggregationPolicy.AVG));
            if (!switches.isEmpty()) {
                results.add(new ScalarResult(
                        "ctx.switches.per.op",
                        switchesBetween(switchesStart, switches) / (double) ops,
                        "#/op",
                        AggregationPolicy.AVG));
            }
        }
        if (busyTicksStart >= 0 && busyTicks >= 0 && wall > 0) {
            double busyNanos = (busyTicks - busyTicksStart) * (1e9 / TICKS_PER_SECOND);
            double others = Math.max(0, busyNanos - cpu) * 100.0 / wall;
            results.add(new ScalarResult("cpu.others", others, "%", AggregationPolicy.AVG));
        }
        return results;
    }

    /**
     * Context switches so far of each live thread of the JVM, voluntary and not, by thread id;
     * empty where there is no /proc.
     */
    private static Map<String, Long> contextSwitches() {
        Map<String, Long> byThread = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    long sum = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.contains("ctxt_switches:")) {
                            sum += Long.parseLong(
                                    line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    byThread.put(task.getFileName().toString(), sum);
                } catch (IOException | RuntimeException ended) {
                    // The thread ended while being read.
                }
            }
        } catch (IOException | RuntimeException e) {
            byThread.clear();
        }
        return byThread;
    }

    /** The switches since the start of threads alive at both ends; threads that ended took theirs. */
    private static long switchesBetween(Map<String, Long> start, Map<String, Long> end) {
        long sum = 0;
        for (Map.Entry<String, Long> e : end.entrySet()) {
            sum += e.getValue() - start.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    /** All CPUs' busy time since boot (steal included), in ticks; -1 where there is no /proc/stat. */
    private static long busyTicks() {
        try {
            String[] f = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
