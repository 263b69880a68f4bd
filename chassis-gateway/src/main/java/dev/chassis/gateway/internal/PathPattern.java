package dev.chassis.gateway.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a route matches of the path: a literal prefix (the path itself and everything below it) or
 * a template of literal segments, {@code {name}} segments and a last {@code {name...}}. Matching
 * works on the raw path, so what is forwarded is byte for byte what the client sent. Immutable.
 */
final class PathPattern {
    private final @Nullable String prefix;
    private final List<String> segments;

    private PathPattern(@Nullable String prefix, List<String> segments) {
        this.prefix = prefix;
        this.segments = segments;
    }

    /** A prefix pattern; a trailing '/' is ignored. */
    static PathPattern prefix(String prefix) {
        String p = prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return new PathPattern(p, List.of());
    }

    /**
     * A template pattern.
     *
     * @throws IllegalArgumentException if a segment is empty, a parameter is not a whole segment
     *     or a rest parameter is not last
     */
    static PathPattern template(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("'" + template + "' (expected: a template starting with /)");
        }
        List<String> parts =
                template.equals("/") ? List.of() : List.of(template.substring(1).split("/", -1));
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.isEmpty()) {
                throw new IllegalArgumentException("'" + template + "' has an empty segment");
            }
            boolean param = part.startsWith("{") && part.endsWith("}");
            if (!param && (part.contains("{") || part.contains("}"))) {
                throw new IllegalArgumentException("'" + template + "': a parameter must be a whole segment");
            }
            if (param && name(part).isEmpty()) {
                throw new IllegalArgumentException("'" + template + "': a parameter needs a name");
            }
            if (param && part.endsWith("...}") && i != parts.size() - 1) {
                throw new IllegalArgumentException("'" + template + "': {" + name(part) + "...} must be last");
            }
        }
        return new PathPattern(null, parts);
    }

    private static String name(String segment) {
        String inner = segment.substring(1, segment.length() - 1);
        return inner.endsWith("...") ? inner.substring(0, inner.length() - 3) : inner;
    }

    private static boolean isRest(String segment) {
        return segment.startsWith("{") && segment.endsWith("...}");
    }

    private static boolean isParam(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    boolean isPrefix() {
        return prefix != null;
    }

    /**
     * What two patterns match alike: equal shapes match exactly the same paths, whatever their
     * parameters are called.
     */
    String shape() {
        if (prefix != null) {
            return "prefix " + prefix;
        }
        StringBuilder b = new StringBuilder("template ");
        for (String s : segments) {
            b.append('/').append(isRest(s) ? "{...}" : isParam(s) ? "{}" : s);
        }
        return b.length() == 9 ? b.append('/').toString() : b.toString();
    }

    /**
     * Orders patterns, the most specific first: templates before prefixes; among templates, more
     * literal segments and no rest first; among prefixes, the longer first.
     */
    int specificity() {
        if (prefix != null) {
            return prefix.equals("/") ? 0 : prefix.length();
        }
        int score = 1_000_000;
        for (String s : segments) {
            score += isRest(s) ? 0 : isParam(s) ? 100 : 1000;
        }
        return score;
    }

    /**
     * Matches a raw path.
     *
     * @return the captured parameters (a prefix pattern captures none), or null when it does not match
     */
    @Nullable
    Map<String, String> match(String path) {
        if (prefix != null) {
            boolean ok = prefix.equals("/")
                    || path.equals(prefix)
                    || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
            return ok ? Map.of() : null;
        }
        List<String> parts =
                path.equals("/") ? List.of() : List.of(path.substring(1).split("/", -1));
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (isRest(s)) {
                if (i >= parts.size()) {
                    return null;
                }
                params.put(name(s), String.join("/", parts.subList(i, parts.size())));
                return params;
            }
            if (i >= parts.size() || parts.get(i).isEmpty()) {
                return null;
            }
            if (isParam(s)) {
                params.put(name(s), parts.get(i));
            } else if (!s.equals(parts.get(i))) {
                return null;
            }
        }
        return parts.size() == segments.size() ? params : null;
    }

    /** The path with the prefix removed: {@code /api/x} under {@code /api} is {@code /x}, {@code /api} is {@code /}. */
    String strip(String path) {
        if (prefix == null || prefix.equals("/")) {
            return path;
        }
        String rest = path.substring(prefix.length());
        return rest.isEmpty() ? "/" : rest;
    }

    /** The names of the template's parameters. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (String s : segments) {
            if (isParam(s)) {
                names.add(name(s));
            }
        }
        return names;
    }

    /**
     * A rewrite template with each {@code {name}} replaced by its captured value.
     *
     * @throws IllegalArgumentException naming a parameter the template does not capture
     */
    static String substitute(String rewrite, Map<String, String> params) {
        StringBuilder out = new StringBuilder(rewrite.length() + 16);
        int i = 0;
        while (i < rewrite.length()) {
            int open = rewrite.indexOf('{', i);
            if (open < 0) {
                out.append(rewrite, i, rewrite.length());
                break;
            }
            int close = rewrite.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("'" + rewrite + "': '{' without '}'");
            }
            String key = rewrite.substring(open + 1, close);
            if (key.endsWith("...")) {
                key = key.substring(0, key.length() - 3);
            }
            String value = params.get(key);
            if (value == null) {
                throw new IllegalArgumentException("'" + rewrite + "': {" + key + "} is not a parameter of the path");
            }
            out.append(rewrite, i, open).append(value);
            i = close + 1;
        }
        return out.toString();
    }
}
