package dev.chassis.core.config;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.common.Checks;
import java.util.List;

/**
 * Compression of responses (gzip, negotiated by {@code Accept-Encoding}) and inflation of gzip
 * request bodies, section {@code server.compression}. Both off by default.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code enabled}</td><td>false</td><td>gzip responses for clients that accept it</td></tr>
 * <tr><td>{@code min-size}</td><td>1KiB</td><td>smaller bodies go as they are</td></tr>
 * <tr><td>{@code mime-types}</td><td>JSON, problem+json, XML, JavaScript, SVG, {@code text/*}</td><td>compressible content types; {@code type/*} matches a whole type</td></tr>
 * <tr><td>{@code level}</td><td>6</td><td>deflate level, 1 (fastest) to 9 (smallest)</td></tr>
 * <tr><td>{@code inflate-requests}</td><td>false</td><td>request bodies with {@code Content-Encoding: gzip} reach handlers inflated, held to {@code server.max-content-length} after inflation (413 beyond); other encodings get 415</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param enabled whether responses are compressed
 * @param minSize the smallest body compressed
 * @param mimeTypes compressible content types
 * @param level deflate level
 * @param inflateRequests whether gzip request bodies are inflated
 */
public record CompressionConfig(
        boolean enabled, DataSize minSize, List<String> mimeTypes, int level, boolean inflateRequests) {

    /** Default {@code mime-types}. */
    public static final List<String> DEFAULT_MIME_TYPES = List.of(
            "application/json",
            "application/problem+json",
            "application/xml",
            "application/javascript",
            "image/svg+xml",
            "text/*");

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public CompressionConfig {
        Checks.that(minSize != null && minSize.bytes() >= 0, "min-size", minSize, ">= 0");
        mimeTypes = List.copyOf(requireNonNull(mimeTypes, "mime-types"));
        for (String type : mimeTypes) {
            Checks.that(type.matches("[a-z0-9.+-]+/([a-z0-9.+-]+|\\*)"), "mime-types", type, "type/subtype or type/*");
        }
        Checks.range("level", level, 1, 9);
    }

    /** Off. */
    public static CompressionConfig defaults() {
        return new CompressionConfig(false, DataSize.ofKibibytes(1), DEFAULT_MIME_TYPES, 6, false);
    }
}
