package dev.chassis.core.internal.routing;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the router found for a method and path. Matches without parameters are shared instances,
 * so the common case allocates nothing.
 *
 * @param <R> the routes' value type
 */
public final class RouteMatch<R> {
    /** The kinds of answer. */
    public enum Kind {
        /** A route matched; {@link #route()} and {@link #values()} are set. */
        FOUND,
        /** No route has this path. */
        NOT_FOUND,
        /**
         * Routes have this path, none this method; {@link #allow()} lists theirs and
         * {@link #template()} is the most specific one's.
         */
        METHOD_NOT_ALLOWED,
        /**
         * {@code OPTIONS} on a path without an {@code OPTIONS} route; {@link #allow()} is set, and
         * {@link #template()} as for {@link #METHOD_NOT_ALLOWED} (empty for {@code OPTIONS *}).
         */
        OPTIONS
    }

    private static final String[] NO_VALUES = new String[0];
    private static final RouteMatch<?> NOT_FOUND = new RouteMatch<>(Kind.NOT_FOUND, null, "", List.of(), NO_VALUES, "");

    private final Kind kind;
    private final @Nullable R route;
    private final String template;
    private final List<String> names;
    private final String[] values;
    private final String allow;

    RouteMatch(Kind kind, @Nullable R route, String template, List<String> names, String[] values, String allow) {
        this.kind = kind;
        this.route = route;
        this.template = template;
        this.names = names;
        this.values = values;
        this.allow = allow;
    }

    @SuppressWarnings("unchecked")
    static <R> RouteMatch<R> notFound() {
        return (RouteMatch<R>) NOT_FOUND;
    }

    static <R> RouteMatch<R> found(R route, PathTemplate template) {
        return new RouteMatch<>(Kind.FOUND, route, template.text(), template.parameterNames(), NO_VALUES, "");
    }

    static <R> RouteMatch<R> found(RouteMatch<R> shared, String[] values) {
        return new RouteMatch<>(Kind.FOUND, shared.route, shared.template, shared.names, values, "");
    }

    static <R> RouteMatch<R> answer(Kind kind, String allow, String template) {
        return new RouteMatch<>(kind, null, template, List.of(), NO_VALUES, allow);
    }

    /** The kind of answer. */
    public Kind kind() {
        return kind;
    }

    /** The matched route's value. */
    public @Nullable R route() {
        return route;
    }

    /**
     * The matched template; for {@link Kind#METHOD_NOT_ALLOWED} and {@link Kind#OPTIONS}, that of
     * the most specific route with this path (the one a request with its method would have
     * matched), so that a 405 is measured against its route; empty when no route has the path.
     */
    public String template() {
        return template;
    }

    /** Parameter names of the matched template, in order. */
    public List<String> names() {
        return names;
    }

    /** Percent-decoded parameter values, in the order of {@link #names()}. Do not modify. */
    public String[] values() {
        return values;
    }

    /** A parameter's value, or null if the template has no such parameter. */
    public @Nullable String value(String name) {
        for (int i = 0; i < values.length; i++) {
            if (names.get(i).equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** The {@code Allow} header value for 405 and OPTIONS answers. */
    public String allow() {
        return allow;
    }

    @Override
    public String toString() {
        return kind
                + (template.isEmpty() ? "" : " " + template)
                + (kind == Kind.FOUND || allow.isEmpty() ? "" : " allow=" + allow);
    }
}
