package dev.chassis.data.config;

import java.util.regex.Pattern;

/** JDBC URLs as they may be shown: with any password in them masked. */
public final class JdbcUrls {
    /** {@code password=...} and {@code pwd=...} in a query string or as {@code ;PASSWORD=...}. */
    private static final Pattern PARAMETER = Pattern.compile("(?i)([?&;](?:[a-z_.-]*password|pwd)=)[^&;#]*");
    /** {@code //user:secret@host}. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?;]*:)[^/@?;]*@");

    private static final String MASK = "******";

    private JdbcUrls() {}

    /** The URL with password parameters and the password of a {@code user:password@} part masked. */
    public static String redact(String url) {
        String out = PARAMETER.matcher(url).replaceAll("$1" + MASK);
        return USER_INFO.matcher(out).replaceAll("$1" + MASK + "@");
    }
}
