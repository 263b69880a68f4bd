package dev.chassis.core.internal.http;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether an {@code Accept-Encoding} header (RFC 9110 §12.5.3) takes gzip: gzip's weight ({@code
 * gzip} or {@code x-gzip}, else {@code *}) is above 0 and not below identity's where the client
 * gave that one ({@code identity}, else {@code *}). An element whose weight does not parse is
 * ignored.
 */
final class AcceptEncoding {
    private AcceptEncoding() {}

    static boolean acceptsGzip(@Nullable String header) {
        if (header == null || header.isEmpty()) {
            return false;
        }
        double gzip = -1;
        double identity = -1;
        double any = -1;
        for (String element : header.split(",")) {
            int semicolon = element.indexOf(';');
            String coding = (semicolon < 0 ? element : element.substring(0, semicolon))
                    .strip()
                    .toLowerCase(Locale.ROOT);
            double q = semicolon < 0 ? 1 : weight(element.substring(semicolon + 1));
            if (q < 0) {
                continue;
            }
            switch (coding) {
                case "gzip", "x-gzip" -> gzip = Math.max(gzip, q);
                case "identity" -> identity = q;
                case "*" -> any = q;
                default -> {}
            }
        }
        double g = gzip >= 0 ? gzip : any >= 0 ? any : 0;
        double i = identity >= 0 ? identity : any >= 0 ? any : 0;
        return g > 0 && g >= i;
    }

    /** The {@code q} of the parameters, 1 without one, -1 when it is not a weight. */
    private static double weight(String parameters) {
        for (String parameter : parameters.split(";")) {
            String p = parameter.strip();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                String value = p.substring(2).strip();
                if (!value.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
                    return -1;
                }
                return Double.parseDouble(value);
            }
        }
        return 1;
    }
}
