package dev.chassis.core.config;

import dev.chassis.core.common.Checks;
import java.time.Duration;

/**
 * HTTP/2 on the server, section {@code server.http2}: h2 through ALPN on a TLS port and h2c by
 * prior knowledge on a plaintext one. Off by default: a port then speaks HTTP/1.1 only, and an
 * HTTP/2 preface gets 505. Every request of either protocol goes through the same routes,
 * filters, limits, errors, access log, metrics and tracing.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code enabled}</td><td>false</td><td>TLS ports offer {@code h2} and {@code http/1.1} through ALPN; plaintext ports take h2c when {@code h2c} is on</td></tr>
 * <tr><td>{@code h2c}</td><td>true</td><td>plaintext ports accept HTTP/2 by prior knowledge (a connection that opens with the HTTP/2 preface)</td></tr>
 * <tr><td>{@code max-concurrent-streams}</td><td>100</td><td>streams a client may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS), 1 to 10000</td></tr>
 * <tr><td>{@code max-header-list-size}</td><td>16KiB</td><td>request header list, uncompressed (SETTINGS_MAX_HEADER_LIST_SIZE), 1KiB to 1MiB; larger gets 431, far larger ends the connection</td></tr>
 * <tr><td>{@code initial-window-size}</td><td>65535B</td><td>per-stream flow-control window (SETTINGS_INITIAL_WINDOW_SIZE), 16KiB to 16MiB</td></tr>
 * <tr><td>{@code max-rst-frames-per-window}</td><td>200</td><td>RST_STREAM frames a client may send per {@code rst-frames-window}; beyond that GOAWAY (rapid reset, CVE-2023-44487)</td></tr>
 * <tr><td>{@code rst-frames-window}</td><td>30s</td><td>the window of that count, whole seconds, 1s to 1h</td></tr>
 * <tr><td>{@code max-small-continuation-frames}</td><td>16</td><td>CONTINUATION frames of less than 16KiB a header block may have; beyond that GOAWAY (CONTINUATION flood)</td></tr>
 * </table>
 *
 * <p>A connection that is GOAWAY'd for abuse is counted in {@code ServerStats.http2GoAways()} by
 * reason. Instances are immutable and thread-safe.
 *
 * @param enabled whether the server speaks HTTP/2
 * @param h2c whether plaintext ports take HTTP/2 by prior knowledge
 * @param maxConcurrentStreams open streams per connection at most
 * @param maxHeaderListSize largest uncompressed header list
 * @param initialWindowSize per-stream flow-control window
 * @param maxRstFramesPerWindow RST_STREAM frames per window at most
 * @param rstFramesWindow the window of that count
 * @param maxSmallContinuationFrames small CONTINUATION frames per header block at most
 */
public record Http2Config(
        boolean enabled,
        boolean h2c,
        int maxConcurrentStreams,
        DataSize maxHeaderListSize,
        DataSize initialWindowSize,
        int maxRstFramesPerWindow,
        Duration rstFramesWindow,
        int maxSmallContinuationFrames) {

    /** Default {@code max-concurrent-streams}. */
    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 100;
    /** Default {@code max-header-list-size}. */
    public static final DataSize DEFAULT_MAX_HEADER_LIST_SIZE = DataSize.ofKibibytes(16);
    /** Default {@code initial-window-size}, the protocol's own. */
    public static final DataSize DEFAULT_INITIAL_WINDOW_SIZE = DataSize.ofBytes(65_535);
    /** Default {@code max-rst-frames-per-window}. */
    public static final int DEFAULT_MAX_RST_FRAMES_PER_WINDOW = 200;
    /** Default {@code rst-frames-window}. */
    public static final Duration DEFAULT_RST_FRAMES_WINDOW = Duration.ofSeconds(30);
    /** Default {@code max-small-continuation-frames}. */
    public static final int DEFAULT_MAX_SMALL_CONTINUATION_FRAMES = 16;

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first key out of range
     */
    public Http2Config {
        Checks.range("max-concurrent-streams", maxConcurrentStreams, 1, 10_000);
        Checks.that(
                maxHeaderListSize != null
                        && maxHeaderListSize.bytes() >= 1024
                        && maxHeaderListSize.bytes() <= 1024 * 1024,
                "max-header-list-size",
                maxHeaderListSize,
                "1KiB to 1MiB");
        Checks.that(
                initialWindowSize != null
                        && initialWindowSize.bytes() >= 16 * 1024
                        && initialWindowSize.bytes() <= 16 * 1024 * 1024,
                "initial-window-size",
                initialWindowSize,
                "16KiB to 16MiB");
        Checks.range("max-rst-frames-per-window", maxRstFramesPerWindow, 1, 1_000_000);
        Checks.between("rst-frames-window", rstFramesWindow, Duration.ofSeconds(1), Duration.ofHours(1));
        Checks.that(
                rstFramesWindow.toNanos() % 1_000_000_000L == 0, "rst-frames-window", rstFramesWindow, "whole seconds");
        Checks.range("max-small-continuation-frames", maxSmallContinuationFrames, 1, 10_000);
    }

    /** Off, with the limits listed above. */
    public static Http2Config defaults() {
        return new Http2Config(
                false,
                true,
                DEFAULT_MAX_CONCURRENT_STREAMS,
                DEFAULT_MAX_HEADER_LIST_SIZE,
                DEFAULT_INITIAL_WINDOW_SIZE,
                DEFAULT_MAX_RST_FRAMES_PER_WINDOW,
                DEFAULT_RST_FRAMES_WINDOW,
                DEFAULT_MAX_SMALL_CONTINUATION_FRAMES);
    }
}
