package dev.chassis.core.internal;

import static java.util.Objects.requireNonNull;

/** Refuses header names and values that would corrupt or split a response head. */
public final class HeaderChecks {
    private HeaderChecks() {}

    /** Returns the name if it is an HTTP token; throws otherwise. */
    public static String name(String name) {
        requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name: '' (expected: a token)");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                throw new IllegalArgumentException("header name: '" + Texts.excerpt(name) + "' (expected: a token)");
            }
        }
        return name;
    }

    /** Returns the value if it has no control characters other than tab; throws otherwise. */
    public static String value(String name, String value) {
        requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException(
                        "header " + name + ": value has a control or non-Latin-1 character at " + i
                                + " (expected: visible characters, spaces and tabs)");
            }
        }
        return value;
    }

    private static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
