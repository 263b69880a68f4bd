package dev.chassis.security.internal;

import java.net.InetAddress;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The rule for the issuer's URIs: HTTPS, or HTTP to a loopback host ({@code localhost},
 * {@code 127.0.0.0/8}, {@code ::1}), or HTTP anywhere when explicitly allowed. Thread-safe.
 */
public record SecureUris(boolean allowInsecureHttp) {
    /** What is wrong with a URI, or null when it may be used. */
    public @Nullable String problem(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            return "is not a URI";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "is not an absolute http(s) URI";
        }
        if (scheme.equals("https") || allowInsecureHttp || loopback(uri.getHost())) {
            return null;
        }
        return "is not HTTPS (expected: https://, http:// to a loopback host, or security.jwt.allow-insecure-http: true)";
    }

    static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return false; // a name other than localhost: never resolved here
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
