package dev.chassis.observability;

import dev.chassis.core.client.ClientObserver;
import dev.chassis.core.client.OutboundCall;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An outbound attempt that only records the headers the observers give it. */
record RecordingCall(Map<String, String> sent) implements OutboundCall {
    /** One attempt through every observer, ended with 200: the headers they would have sent. */
    static Map<String, String> through(Set<ClientObserver> observers) {
        Map<String, String> sent = new LinkedHashMap<>();
        List<ClientObserver.Observation> running = new ArrayList<>();
        for (ClientObserver observer : observers) {
            running.add(observer.onStart(new RecordingCall(sent)));
        }
        running.forEach(o -> o.onEnd(200, null));
        return sent;
    }

    @Override
    public String downstream() {
        return "accounts";
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String route() {
        return "/accounts/{id}";
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:1/accounts/1");
    }

    @Override
    public void header(String name, String value) {
        sent.put(name, value);
    }
}
