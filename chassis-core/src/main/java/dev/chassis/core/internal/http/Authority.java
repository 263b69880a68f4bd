package dev.chassis.core.internal.http;

import java.util.Locale;

/**
 * The authority of a request, {@code host[:port]} as RFC 3986 §3.2 writes it: in the {@code Host}
 * header and in an absolute-form target.
 */
final class Authority {
    private static final String SUB_DELIMS = "!$&'()*+,;=";

    private Authority() {}

    /**
     * Whether the value is a host (a registered name, IPv4 address or bracketed IP literal) with
     * an optional port of digits. An empty value passes: RFC 9112 allows one where the target has
     * no authority.
     */
    static boolean valid(String value) {
        int portStart;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 2 || !ipLiteral(value, 1, close)) {
                return false;
            }
            portStart = close + 1;
        } else {
            int colon = value.lastIndexOf(':');
            int end = colon < 0 ? value.length() : colon;
            for (int i = 0; i < end; i++) {
                if (!regNameChar(value, i)) {
                    return false;
                }
            }
            portStart = end;
        }
        if (portStart == value.length()) {
            return true;
        }
        if (value.charAt(portStart) != ':' || value.length() - portStart - 1 > 5) {
            return false;
        }
        for (int i = portStart + 1; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The authority of an absolute-form target: between {@code //} and the path, query or end. */
    static String of(String absoluteTarget) {
        int start = absoluteTarget.indexOf("//") + 2;
        int end = start;
        while (end < absoluteTarget.length() && "/?#".indexOf(absoluteTarget.charAt(end)) < 0) {
            end++;
        }
        String authority = absoluteTarget.substring(start, end);
        int at = authority.lastIndexOf('@');
        return at < 0 ? authority : authority.substring(at + 1);
    }

    /** Whether two authorities name the same host and port, a missing port being the scheme's. */
    static boolean same(String a, String b, int defaultPort) {
        return normal(a, defaultPort).equals(normal(b, defaultPort));
    }

    private static String normal(String authority, int defaultPort) {
        String lower = authority.toLowerCase(Locale.ROOT);
        int close = lower.lastIndexOf(']');
        int colon = lower.lastIndexOf(':');
        if (colon > close && colon >= 0) {
            return colon == lower.length() - 1 ? lower + defaultPort : lower;
        }
        return lower + ":" + defaultPort;
    }

    private static boolean ipLiteral(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == 'v' || c == 'V')) {
                return false;
            }
        }
        return true;
    }

    private static boolean regNameChar(String s, int i) {
        char c = s.charAt(i);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        if (c == '%') {
            return i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0;
        }
        return "-._~".indexOf(c) >= 0 || SUB_DELIMS.indexOf(c) >= 0;
    }
}
