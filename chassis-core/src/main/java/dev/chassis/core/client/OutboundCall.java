package dev.chassis.core.client;

import java.net.URI;

/**
 * One attempt of an outbound HTTP call, as {@link ClientObserver}s see it before it is sent: who
 * is called and how, and a way to add headers (correlation ID, trace context).
 */
public interface OutboundCall {
    /** The logical name of the service called, such as {@code accounts}. */
    String downstream();

    /** The method, upper case. */
    String method();

    /** The path template of the call, such as {@code /accounts/{id}}: bounded, for metrics. */
    String route();

    /**
     * The mode of the credential this attempt carries ({@code clients.<name>.auth}, such as
     * {@code relay}), or {@value ClientConfig#AUTH_NONE}: bounded, for metrics and spans; never
     * the credential itself.
     */
    default String auth() {
        return ClientConfig.AUTH_NONE;
    }

    /** The resolved URI of this attempt. */
    URI uri();

    /**
     * Sets a request header of this attempt.
     *
     * @throws IllegalArgumentException if the name or value is not valid in a header field
     */
    void header(String name, String value);
}
