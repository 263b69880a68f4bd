package dev.chassis.observability.internal;

import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live status page, an admin route (the admin port when there is one): {@code GET <path>}
 * serves one HTML page from the jar, its CSS and script inline, which polls
 * {@code GET <path>/snapshot} (a {@link StatusSnapshot} as JSON) and the readiness path. A
 * Content-Security-Policy lets the page load nothing but itself and fetch only from its origin.
 */
public final class StatusEndpoint implements Routes {
    static final String SNAPSHOT = "/snapshot";
    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    private final String path;
    private final String readyPath;
    private final MeterRegistry registry;
    private final StatusSampler sampler;
    private final byte[] page;
    private final String policy;

    public StatusEndpoint(String path, String readyPath, MeterRegistry registry, StatusSampler sampler) {
        this.path = path;
        this.readyPath = readyPath;
        this.registry = registry;
        this.sampler = sampler;
        String html = template().replace("__SNAPSHOT_PATH__", attribute(path + SNAPSHOT));
        this.page = html.getBytes(StandardCharsets.UTF_8);
        this.policy = "default-src 'none'; script-src '" + hash(SCRIPT, html) + "'; style-src '" + hash(STYLE, html)
                + "'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    @Override
    public void register(Routing routing) {
        Routing admin = routing.admin();
        admin.get(
                path,
                request -> Response.ok()
                        .header("Cache-Control", "no-store")
                        .header("Content-Security-Policy", policy)
                        .header("X-Content-Type-Options", "nosniff")
                        .bytes(page, "text/html; charset=utf-8"));
        admin.get(
                path + SNAPSHOT,
                request -> Response.ok(StatusSnapshot.of(registry, sampler, readyPath))
                        .header("Cache-Control", "no-store"));
    }

    /** The policy the page is served with. */
    String policy() {
        return policy;
    }

    private static String template() {
        try (InputStream in = Objects.requireNonNull(
                StatusEndpoint.class.getResourceAsStream("status.html"), "status.html in the jar")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String attribute(String text) {
        return text.replace("&", "&amp;")
                .replace("\"", "&quot;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }

    /** The CSP source of the one inline element {@code pattern} finds: its content's SHA-256. */
    private static String hash(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("status.html: no " + pattern.pattern());
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
