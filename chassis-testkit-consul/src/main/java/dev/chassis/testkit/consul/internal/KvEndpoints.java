package dev.chassis.testkit.consul.internal;

import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /v1/kv/<key>}: reads (one key, {@code recurse}, {@code keys} with {@code separator},
 * {@code raw}), writes ({@code flags}, {@code cas}) and deletes ({@code recurse}, {@code cas}).
 * Reads are blocking queries on the key's or the prefix's index.
 */
final class KvEndpoints implements Routes {
    /** The path of the empty key, which the router cannot match as a rest parameter. */
    static final String ROOT = "/v1/kv/";

    private final FakeAgent agent;

    KvEndpoints(FakeAgent agent) {
        this.agent = agent;
    }

    @Override
    public void register(Routing routing) {
        routing.get(
                        "/v1/kv/{key...}",
                        Answers.consul(r -> get(r, r.pathParam("key").asString())))
                .put(
                        "/v1/kv/{key...}",
                        Answers.consul(r -> put(r, r.pathParam("key").asString())))
                .delete(
                        "/v1/kv/{key...}",
                        Answers.consul(r -> delete(r, r.pathParam("key").asString())));
    }

    /** Answers a request for the empty key, {@code /v1/kv/}. */
    Object root(Request request) throws Exception {
        return Answers.consul(r -> switch (r.method()) {
                    case "GET", "HEAD" -> get(r, "");
                    case "PUT" -> put(r, "");
                    case "DELETE" -> delete(r, "");
                    default -> Answers.text(405, "method " + r.method() + " not allowed");
                })
                .handle(request);
    }

    private Object get(Request request, String key) {
        Query query = Query.of(request, agent.options.datacenter());
        KvStore kv = agent.kv;
        if (present(request, "keys")) {
            String separator = request.queryParam("separator").asString("");
            return agent.answers.blocking(request, query, () -> kv.prefixIndex(key), () -> keys(key, separator, query));
        }
        if (present(request, "recurse")) {
            return agent.answers.blocking(request, query, () -> kv.prefixIndex(key), () -> {
                List<Wire.KvPair> pairs = new ArrayList<>();
                for (KvStore.Entry e : kv.list(key)) {
                    pairs.add(pair(e));
                }
                Response response = pairs.isEmpty() ? Response.status(404) : Answers.json(pairs);
                return agent.answers.read(response, kv.prefixIndex(key), query);
            });
        }
        boolean raw = present(request, "raw");
        return agent.answers.blocking(request, query, () -> kv.keyIndex(key), () -> {
            KvStore.Entry e = kv.get(key);
            Response response;
            if (e == null) {
                response = Response.status(404);
            } else if (raw) {
                byte[] value = e.value();
                response = Response.ok().bytes(value == null ? new byte[0] : value, Response.TEXT);
            } else {
                response = Answers.json(List.of(pair(e)));
            }
            return agent.answers.read(response, kv.keyIndex(key), query);
        });
    }

    private Response keys(String prefix, String separator, Query query) {
        Set<String> keys = new LinkedHashSet<>();
        for (KvStore.Entry e : agent.kv.list(prefix)) {
            String k = e.key();
            int cut = separator.isEmpty() ? -1 : k.indexOf(separator, prefix.length());
            keys.add(cut < 0 ? k : k.substring(0, cut + separator.length()));
        }
        // Consul answers 404 for no keys under a prefix, but an empty list for the root.
        Response response =
                keys.isEmpty() && !prefix.isEmpty() ? Response.status(404) : Answers.json(List.copyOf(keys));
        return agent.answers.read(response, agent.kv.prefixIndex(prefix), query);
    }

    private Object put(Request request, String key) {
        Query.of(request, agent.options.datacenter());
        if (key.isEmpty()) {
            throw ConsulError.badRequest("Missing key name");
        }
        rejectSessions(request);
        long flags = unsigned(request, "flags", 0L);
        Long cas = request.queryParam("cas").isPresent() ? unsigned(request, "cas", 0L) : null;
        return Answers.json(agent.kv.put(key, request.body(), flags, cas));
    }

    private Object delete(Request request, String key) {
        Query.of(request, agent.options.datacenter());
        boolean recurse = present(request, "recurse");
        if (key.isEmpty() && !recurse) {
            throw ConsulError.badRequest("Missing key name");
        }
        Long cas = request.queryParam("cas").isPresent() ? unsigned(request, "cas", 0L) : null;
        return Answers.json(agent.kv.delete(key, recurse, cas));
    }

    private static void rejectSessions(Request request) {
        for (String param : new String[] {"acquire", "release"}) {
            String session = request.queryParam(param).asString("");
            if (!session.isEmpty()) {
                throw new ConsulError(500, "invalid session \"" + session + "\"");
            }
        }
    }

    private static Wire.KvPair pair(KvStore.Entry e) {
        return new Wire.KvPair(0, e.key(), e.flags(), e.value(), e.createIndex(), e.modifyIndex());
    }

    private static boolean present(Request request, String name) {
        return !request.queryParams(name).isEmpty();
    }

    private static long unsigned(Request request, String name, long defaultValue) {
        String text = request.queryParam(name).asString("");
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw ConsulError.badRequest("Invalid " + name + " value: \"" + text + "\"");
        }
    }
}
