package dev.chassis.core.internal.routing;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The literal children of a node, found by comparing a range of the request path in place: no
 * substring is made. A handful of children are scanned; more are hashed into an open-addressing
 * table, so lookup cost does not grow with the number of routes.
 */
final class StaticChildren<R> {
    private static final int SCAN_LIMIT = 8;

    private final List<String> keys = new ArrayList<>();
    private final List<Node<R>> nodes = new ArrayList<>();
    private String[] table = new String[0];
    private Node<?>[] tableNodes = new Node<?>[0];
    private String[] scanKeys = new String[0];
    private Node<?>[] scanNodes = new Node<?>[0];

    Node<R> getOrAdd(String key) {
        int i = keys.indexOf(key);
        if (i >= 0) {
            return nodes.get(i);
        }
        Node<R> node = new Node<>();
        keys.add(key);
        nodes.add(node);
        return node;
    }

    List<Node<R>> nodes() {
        return nodes;
    }

    void seal() {
        if (keys.size() <= SCAN_LIMIT) {
            scanKeys = keys.toArray(new String[0]);
            scanNodes = nodes.toArray(new Node<?>[0]);
            return;
        }
        int size = Integer.highestOneBit(keys.size() * 4 - 1) << 1;
        table = new String[size];
        tableNodes = new Node<?>[size];
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            int i = hash(key, 0, key.length()) & (size - 1);
            while (table[i] != null) {
                i = (i + 1) & (size - 1);
            }
            table[i] = key;
            tableNodes[i] = nodes.get(k);
        }
    }

    /** The child whose key equals {@code path[start, end)}, or null. */
    @SuppressWarnings("unchecked")
    @Nullable
    Node<R> find(String path, int start, int end) {
        int length = end - start;
        if (table.length == 0) {
            String[] keys = scanKeys;
            for (int i = 0; i < keys.length; i++) {
                String key = keys[i];
                if (key.length() == length && path.regionMatches(start, key, 0, length)) {
                    return (Node<R>) scanNodes[i];
                }
            }
            return null;
        }
        int mask = table.length - 1;
        int i = hash(path, start, end) & mask;
        String key;
        while ((key = table[i]) != null) {
            if (key.length() == length && path.regionMatches(start, key, 0, length)) {
                return (Node<R>) tableNodes[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private static int hash(String s, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }
}
