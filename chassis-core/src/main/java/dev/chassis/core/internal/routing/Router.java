package dev.chassis.core.internal.routing;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Matches a method and path to a route through a trie of segments: the cost depends on the
 * path's depth, not on the number of routes. Literal segments win over parameters, parameters
 * over a rest parameter, with backtracking when a branch leads nowhere. Built once, then
 * immutable and thread-safe.
 *
 * @param <R> the routes' value type
 */
public final class Router<R> {
    private final Node<R> root;
    private final RouteMatch<R> optionsAsterisk;

    private Router(Node<R> root, String allMethods) {
        this.root = root;
        this.optionsAsterisk = RouteMatch.answer(RouteMatch.Kind.OPTIONS, allMethods, "");
    }

    /** A builder; not thread-safe. */
    public static <R> Builder<R> builder() {
        return new Builder<>();
    }

    /**
     * Matches a request.
     *
     * @param method the method, upper case
     * @param path the raw path, starting with '/', without the query; a path whose escapes do not
     *     decode (the server refuses those before routing) matches nothing
     */
    public RouteMatch<R> match(String method, String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return method.equals("OPTIONS") && path.equals("*") ? optionsAsterisk : RouteMatch.notFound();
        }
        boolean encoded = path.indexOf('%') >= 0;
        if (encoded && !decodable(path)) {
            return RouteMatch.notFound();
        }
        RouteMatch<R> found = encoded
                ? new DecodedMatcher<R>(method, decodeSegments(path)).match(root, 0, 0)
                : new RawMatcher<R>(method, path).match(root, 1, 0);
        if (found != null) {
            return found;
        }
        List<Node<R>> ends = new ArrayList<>();
        collectEnds(root, encoded ? decodeSegments(path) : rawSegments(path), 0, ends);
        TreeSet<String> methods = new TreeSet<>();
        String template = "";
        for (Node<R> node : ends) {
            if (template.isEmpty() && !node.routes.isEmpty()) {
                // The ends come most specific first (literal, then parameter, then rest), as a match would.
                template = node.routes.values().iterator().next().template();
            }
            methods.addAll(node.routes.keySet());
        }
        if (methods.isEmpty()) {
            return RouteMatch.notFound();
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        String allow = String.join(", ", methods);
        return RouteMatch.answer(
                method.equals("OPTIONS") ? RouteMatch.Kind.OPTIONS : RouteMatch.Kind.METHOD_NOT_ALLOWED,
                allow,
                template);
    }

    private static <R> void collectEnds(Node<R> node, String[] segments, int i, List<Node<R>> ends) {
        if (i == segments.length) {
            ends.add(node);
            return;
        }
        String segment = segments[i];
        Node<R> literal = node.statics.find(segment, 0, segment.length());
        if (literal != null) {
            collectEnds(literal, segments, i + 1, ends);
        }
        if (node.param != null && !segment.isEmpty()) {
            collectEnds(node.param, segments, i + 1, ends);
        }
        if (node.rest != null && !(i == segments.length - 1 && segment.isEmpty())) {
            ends.add(node.rest);
        }
    }

    private static String[] rawSegments(String path) {
        return path.length() == 1 ? new String[0] : path.substring(1).split("/", -1);
    }

    private static String[] decodeSegments(String path) {
        String[] raw = rawSegments(path);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = decode(raw[i]);
        }
        return raw;
    }

    private static boolean decodable(String path) {
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length()
                    || Character.digit(path.charAt(i + 1), 16) < 0
                    || Character.digit(path.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    static String decode(String s) {
        return s.indexOf('%') < 0
                ? s
                : QueryStringDecoder.decodeComponent(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Matches over the raw path, comparing segments in place. */
    private record RawMatcher<R>(String method, String path) {
        @Nullable
        RouteMatch<R> match(Node<R> node, int start, int paramIndex) {
            int length = path.length();
            if (start == length) {
                // "/" is the root; any other path ending in '/' has an empty last segment, which
                // no literal, parameter or rest parameter matches.
                return length == 1 ? end(node) : null;
            }
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            int next = slash < 0 ? length + 1 : slash + 1;
            Node<R> literal = node.statics.find(path, start, end);
            if (literal != null) {
                RouteMatch<R> m = literal(literal, next, paramIndex);
                if (m != null) {
                    return m;
                }
            }
            if (node.param != null && end > start) {
                RouteMatch<R> m = next > length ? end(node.param) : match(node.param, next, paramIndex + 1);
                if (m != null) {
                    m.values()[paramIndex] = path.substring(start, end);
                    return m;
                }
            }
            if (node.rest != null) {
                RouteMatch<R> m = end(node.rest);
                if (m != null) {
                    m.values()[paramIndex] = path.substring(start);
                    return m;
                }
            }
            return null;
        }

        private @Nullable RouteMatch<R> literal(Node<R> literal, int next, int paramIndex) {
            return next > path.length() ? end(literal) : match(literal, next, paramIndex);
        }

        private @Nullable RouteMatch<R> end(Node<R> node) {
            return node.found(method);
        }
    }

    /** Matches over percent-decoded segments, for paths that contain escapes. */
    private record DecodedMatcher<R>(String method, String[] segments) {
        @Nullable
        RouteMatch<R> match(Node<R> node, int i, int paramIndex) {
            if (i == segments.length) {
                return end(node);
            }
            String segment = segments[i];
            Node<R> literal = node.statics.find(segment, 0, segment.length());
            if (literal != null) {
                RouteMatch<R> m = match(literal, i + 1, paramIndex);
                if (m != null) {
                    return m;
                }
            }
            if (node.param != null && !segment.isEmpty()) {
                RouteMatch<R> m = match(node.param, i + 1, paramIndex + 1);
                if (m != null) {
                    m.values()[paramIndex] = segment;
                    return m;
                }
            }
            if (node.rest != null) {
                RouteMatch<R> m = end(node.rest);
                if (m != null) {
                    m.values()[paramIndex] =
                            String.join("/", java.util.Arrays.copyOfRange(segments, i, segments.length));
                    return m;
                }
            }
            return null;
        }

        private @Nullable RouteMatch<R> end(Node<R> node) {
            return node.found(method);
        }
    }

    /** Collects routes; not thread-safe. */
    public static final class Builder<R> {
        private final Node<R> root = new Node<>();
        private final Map<String, String> shapes = new HashMap<>();
        private final TreeSet<String> methods = new TreeSet<>(List.of("OPTIONS"));

        private Builder() {}

        /**
         * Adds a route.
         *
         * @throws IllegalArgumentException if the template is invalid, or a route with the same
         *     method matches exactly the same paths
         */
        public Builder<R> add(String method, String template, R route) {
            PathTemplate parsed = PathTemplate.parse(template);
            String key = method + " " + parsed.shape();
            String existing = shapes.putIfAbsent(key, template);
            if (existing != null) {
                throw new IllegalArgumentException(
                        "route " + method + " " + template + " clashes with " + method + " " + existing);
            }
            Node<R> node = root;
            for (PathTemplate.Segment segment : parsed.segments()) {
                node = node.child(segment);
            }
            node.routes.put(method, RouteMatch.found(route, parsed));
            methods.add(method);
            if (method.equals("GET")) {
                methods.add("HEAD");
            }
            return this;
        }

        /** Builds the router. */
        public Router<R> build() {
            root.seal();
            return new Router<>(root, String.join(", ", methods));
        }
    }
}
