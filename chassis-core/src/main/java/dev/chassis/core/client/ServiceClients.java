package dev.chassis.core.client;

/**
 * The clients of the services this service calls, by logical name; injected.
 *
 * <pre>{@code
 * Account account = clients.get("accounts").get("/accounts/{id}", id).send(Account.class);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface ServiceClients {
    /**
     * The client of a downstream. Any name can be called: instances come from
     * {@code clients.<name>.urls} or from a {@link ServiceResolver} such as Consul discovery.
     *
     * @throws IllegalArgumentException if the name is not a service name (letters, digits, dashes)
     */
    ServiceClient get(String downstream);
}
