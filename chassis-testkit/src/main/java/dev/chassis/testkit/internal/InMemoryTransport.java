package dev.chassis.testkit.internal;

import dev.chassis.core.http.InMemoryClient;
import java.util.List;
import java.util.Map;

/** The test client through the service's in-memory listener: no socket, same pipeline. */
public final class InMemoryTransport implements Transport {
    private final InMemoryClient client;

    public InMemoryTransport(InMemoryClient client) {
        this.client = client;
    }

    @Override
    public Result send(String method, String path, Map<String, List<String>> headers, byte[] body) {
        InMemoryClient.Result r = client.send(method, path, headers, body);
        return new Result(r.status(), r.headers(), r.body());
    }
}
