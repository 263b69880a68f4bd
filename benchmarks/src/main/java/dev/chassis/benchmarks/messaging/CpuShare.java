package dev.chassis.benchmarks.messaging;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the machine's CPU went during a phase, from {@code /proc}: all CPUs' busy time (with time
 * stolen by the hypervisor), this JVM's, the broker's (its child) and PostgreSQL's server
 * processes'. What is left is other processes': the noise. PostgreSQL may serve other clients at
 * the same time; their share counts as the benchmark's here, so the noise figure is a lower bound
 * and PostgreSQL's figure an upper one. On a machine without {@code /proc} every figure is 0.
 * Not thread-safe.
 */
final class CpuShare {
    private static final long TICKS_PER_SECOND = 100;

    private final long startNanos = System.nanoTime();
    private final long startBusy = busyTicks();
    private final long[] startSplit = split();

    /** The share of one CPU other processes used since this was made, in percent. */
    double othersPercent() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long busy = busyTicks() - startBusy;
        long[] now = split();
        long own = 0;
        for (int i = 0; i < 3; i++) {
            own += now[i] - startSplit[i];
        }
        return seconds <= 0 ? 0 : Math.max(0, (busy - own) / (double) TICKS_PER_SECOND / seconds * 100);
    }

    /** CPU time since this was made, in microseconds: this JVM's, the broker's, PostgreSQL's. */
    double[] splitMicros() {
        long[] now = split();
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = (now[i] - startSplit[i]) * 1e6 / TICKS_PER_SECOND;
        }
        return out;
    }

    /** CPU time of this JVM, the broker and PostgreSQL together since this was made, in microseconds. */
    double benchmarkMicros() {
        double[] s = splitMicros();
        return s[0] + s[1] + s[2];
    }

    private static long busyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Ticks of this JVM, of its descendants (the broker), of PostgreSQL's processes. */
    private static long[] split() {
        long self = ProcessHandle.current().pid();
        Set<Long> children =
                ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        long[] ticks = new long[3];
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid == self) {
                    ticks[0] += ticks(proc);
                } else if (children.contains(pid)) {
                    ticks[1] += ticks(proc);
                } else if (isPostgres(proc)) {
                    ticks[2] += ticks(proc);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[3];
        }
        return ticks;
    }

    private static boolean isPostgres(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim().equals("postgres");
        } catch (IOException e) {
            return false;
        }
    }

    private static long ticks(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime: fields 14 and 15 of the line, 12 and 13 after the name
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
