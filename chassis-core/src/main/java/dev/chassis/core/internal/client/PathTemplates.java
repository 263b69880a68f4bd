package dev.chassis.core.internal.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Fills a path template's {@code {name}} segments with percent-encoded values, in order. */
final class PathTemplates {
    private PathTemplates() {}

    static String expand(String template, Object[] values) {
        if (template.isEmpty() || template.charAt(0) != '/') {
            throw new IllegalArgumentException("pathTemplate: '" + template + "' (expected: a path starting with /)");
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int used = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("pathTemplate: '" + template + "' has an unclosed {");
                }
                if (used == values.length) {
                    throw new IllegalArgumentException(
                            "pathTemplate: '" + template + "' needs more than " + values.length + " parameter(s)");
                }
                Object value = values[used++];
                if (value == null) {
                    throw new IllegalArgumentException("pathParameters[" + (used - 1) + "]: null (expected: a value)");
                }
                out.append(encodeSegment(value.toString()));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        if (used != values.length) {
            throw new IllegalArgumentException(
                    "pathTemplate: '" + template + "' takes " + used + " parameter(s), not " + values.length);
        }
        return out.toString();
    }

    static String encodeSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String encodeQuery(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
