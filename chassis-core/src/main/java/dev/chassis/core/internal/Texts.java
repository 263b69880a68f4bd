package dev.chassis.core.internal;

import org.jspecify.annotations.Nullable;

/** Client text made safe to quote in messages and logs: control characters replaced, length capped. */
public final class Texts {
    /** The longest excerpt quoted. */
    public static final int MAX_EXCERPT = 64;

    private Texts() {}

    /** At most {@link #MAX_EXCERPT} characters, control characters as '?', "..." when cut. */
    public static String excerpt(@Nullable String text) {
        return clean(text, MAX_EXCERPT);
    }

    /** At most {@code max} characters, control characters as '?', "..." when cut. */
    public static String clean(@Nullable String text, int max) {
        if (text == null) {
            return "";
        }
        int n = Math.min(text.length(), max);
        StringBuilder sb = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (text.length() > max) {
            sb.append("...");
        }
        return sb.toString();
    }
}
