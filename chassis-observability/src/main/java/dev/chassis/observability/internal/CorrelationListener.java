package dev.chassis.observability.internal;

import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Request;
import io.netty.util.AsciiString;

/**
 * Gives every request a correlation ID before anything else sees it: the client's, when it sent a
 * valid one, or a new one. It is set as the request's {@link Request#CORRELATION_ID} attribute
 * (problem responses carry it) and echoed in the response header.
 */
public final class CorrelationListener implements ExchangeListener {
    private final String header;
    /** The name to look up by, its hash kept (a plain string's is computed on each lookup). */
    private final AsciiString lookup;

    public CorrelationListener(String header) {
        this.header = header;
        this.lookup = AsciiString.of(header);
    }

    @Override
    public void onRequest(Request request) {
        String sent = request.header(lookup).orElse(null);
        String id = sent != null && Correlation.isValid(sent) ? sent : Correlation.generate();
        request.attribute(Request.CORRELATION_ID, id);
        request.addResponseHeader(header, id);
    }

    @Override
    public int order() {
        return Filter.ORDER_CORRELATION;
    }
}
