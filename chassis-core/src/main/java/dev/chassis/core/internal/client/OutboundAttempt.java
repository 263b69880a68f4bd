package dev.chassis.core.internal.client;

import dev.chassis.core.client.OutboundCall;
import dev.chassis.core.client.ServiceInstance;
import dev.chassis.core.internal.HeaderChecks;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;

/** One attempt as observers see it; headers they set go straight into the request. */
final class OutboundAttempt implements OutboundCall {
    private final DefaultClientRequest call;
    private final ServiceInstance instance;
    private final HttpHeaders headers;
    private final String auth;

    OutboundAttempt(DefaultClientRequest call, ServiceInstance instance, HttpHeaders headers, String auth) {
        this.call = call;
        this.instance = instance;
        this.headers = headers;
        this.auth = auth;
    }

    @Override
    public String auth() {
        return auth;
    }

    @Override
    public String downstream() {
        return call.downstream();
    }

    @Override
    public String method() {
        return call.method();
    }

    @Override
    public String route() {
        return call.route();
    }

    @Override
    public URI uri() {
        // The filled path, not the template: a template's braces are not legal in a URI.
        return instance.baseUri().resolve(call.path());
    }

    @Override
    public void header(String name, String value) {
        HeaderChecks.name(name);
        HeaderChecks.value(name, value);
        headers.set(name, value);
    }
}
