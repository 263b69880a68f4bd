package dev.chassis.core.internal;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/** Refuses header names and values that would corrupt or split a response head. */
public final class HeaderChecks {
    /** The characters of an HTTP token (RFC 9110 5.6.2), by code. */
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    /**
     * The name last found valid. A service adds the same few names (its constants) on every
     * request: the same string needs no second look.
     */
    private static volatile @Nullable String lastValidName;

    private HeaderChecks() {}

    /** Returns the name if it is an HTTP token; throws otherwise. */
    public static String name(String name) {
        if (name == lastValidName) {
            return name;
        }
        requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name: '' (expected: a token)");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                throw new IllegalArgumentException("header name: '" + Texts.excerpt(name) + "' (expected: a token)");
            }
        }
        lastValidName = name;
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
        return c < 128 && TOKEN[c];
    }
}
