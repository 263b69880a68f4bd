package dev.chassis.data.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * H2 databases kept in a file by the service's own process ({@code jdbc:h2:file:./orders},
 * {@code jdbc:h2:~/orders}), as against one in memory or behind an H2 server. Such a database dies
 * with the process, and H2 keeps acknowledged commits through a {@code kill -9} only when it
 * writes each commit out before answering ({@code WRITE_DELAY=0}, not its default of 500 ms) and
 * only one transaction is open at a time: with several open, measured here, a killed process came
 * back with the entry rows of acknowledged commits but without their balance updates.
 */
public final class H2Files {
    /** The part after {@code jdbc:h2:} of databases that are not files of this process. */
    private static final Pattern NOT_A_FILE = Pattern.compile("(?i)(mem|memfs|memlzf|tcp|ssl|zip):.*");

    private static final Pattern WRITE_DELAY = Pattern.compile("(?i);\\s*WRITE_DELAY\\s*=\\s*([^;]*)");

    private H2Files() {}

    /** Whether the URL names an H2 database in a file that this process opens itself. */
    public static boolean isEmbeddedFile(String url) {
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            return false;
        }
        String rest = url.substring("jdbc:h2:".length());
        return !rest.isEmpty() && !NOT_A_FILE.matcher(rest).matches();
    }

    /** Whether the URL sets its own {@code WRITE_DELAY}. */
    public static boolean setsWriteDelay(String url) {
        return WRITE_DELAY.matcher(url).find();
    }

    /** Whether the URL sets a {@code WRITE_DELAY} other than 0: commits written out later. */
    public static boolean delaysWrites(String url) {
        Matcher m = WRITE_DELAY.matcher(url);
        return m.find() && !m.group(1).trim().equals("0");
    }

    /**
     * The URL to connect with: for an embedded file that does not set {@code WRITE_DELAY}, the URL
     * with {@code ;WRITE_DELAY=0}, so that a commit is in the file before it is acknowledged;
     * any other URL as it is.
     */
    public static String durable(String url) {
        return isEmbeddedFile(url) && !setsWriteDelay(url) ? url + ";WRITE_DELAY=0" : url;
    }
}
