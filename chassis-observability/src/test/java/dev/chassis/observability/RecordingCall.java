package dev.chassis.observability;

import dev.chassis.core.client.OutboundCall;
import java.net.URI;
import java.util.Map;

/** An outbound attempt that only records the headers the observers give it. */
record RecordingCall(Map<String, String> sent) implements OutboundCall {
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
