package dev.chassis.core.internal.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A trie node: one path segment. Mutable while the router is built, read-only afterwards. */
final class Node<R> {
    final StaticChildren<R> statics = new StaticChildren<>();

    @Nullable
    Node<R> param;

    @Nullable
    Node<R> rest;

    final Map<String, RouteMatch<R>> routes = new LinkedHashMap<>();

    Node<R> child(PathTemplate.Segment segment) {
        return switch (segment.kind()) {
            case LITERAL -> statics.getOrAdd(segment.value());
            case PARAM -> param == null ? (param = new Node<>()) : param;
            case REST -> rest == null ? (rest = new Node<>()) : rest;
        };
    }

    /** Prepares lookups once every route is in. */
    void seal() {
        for (Node<R> child : children()) {
            child.seal();
        }
        statics.seal();
    }

    List<Node<R>> children() {
        List<Node<R>> all = new ArrayList<>(statics.nodes());
        if (param != null) {
            all.add(param);
        }
        if (rest != null) {
            all.add(rest);
        }
        return all;
    }

    /**
     * The match for a method ending at this node, with HEAD falling back to GET; a fresh match
     * with room for parameter values when the template has parameters, the shared one otherwise.
     */
    @Nullable
    RouteMatch<R> found(String method) {
        RouteMatch<R> shared = routes.get(method);
        if (shared == null && method.equals("HEAD")) {
            shared = routes.get("GET");
        }
        if (shared == null) {
            return null;
        }
        int n = shared.names().size();
        return n == 0 ? shared : RouteMatch.found(shared, new String[n]);
    }
}
