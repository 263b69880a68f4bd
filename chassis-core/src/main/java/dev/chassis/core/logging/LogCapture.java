package dev.chassis.core.logging;

import static java.util.Objects.requireNonNull;

import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where the services of this JVM write their console log lines while a test captures them: the
 * seam between a test tool (the testkit) and whichever module writes the lines (observability),
 * so that neither needs the other. A capture sends exactly the bytes a service would write to
 * stdout to another stream, including those of services built while it lasts. Thread-safe.
 *
 * <pre>{@code
 * ByteArrayOutputStream lines = new ByteArrayOutputStream();
 * try (AutoCloseable capture = LogCapture.into(lines)) {
 *     service.start();
 *     ...
 * }
 * }</pre>
 */
public final class LogCapture {
    private static volatile @Nullable OutputStream target;
    private static final List<Consumer<OutputStream>> consoles = new CopyOnWriteArrayList<>();

    private LogCapture() {}

    /**
     * Sends the console output of every service in this JVM to {@code out} until closed.
     *
     * @return closing it sends the output to stdout again
     */
    public static AutoCloseable into(OutputStream out) {
        requireNonNull(out, "out");
        target = out;
        switchTo(out);
        return () -> {
            target = null;
            switchTo(System.out);
        };
    }

    /** The stream a console set up now writes to: the capture's, when one is under way. */
    public static @Nullable OutputStream target() {
        return target;
    }

    /**
     * Registers what switches the consoles that exist to another stream when a capture begins or
     * ends; for the module that writes the log lines, once per JVM.
     */
    public static void onSwitch(Consumer<OutputStream> switcher) {
        consoles.add(requireNonNull(switcher, "switcher"));
    }

    private static void switchTo(OutputStream out) {
        for (Consumer<OutputStream> console : consoles) {
            console.accept(out);
        }
    }
}
