package dev.chassis.core.client;

/**
 * Calls one downstream service. Path templates take their parameters in order, each
 * percent-encoded as a path segment; the template (not the filled path) names the call in metrics
 * and spans.
 *
 * <pre>{@code
 * ServiceClient accounts = clients.get("accounts");
 * Account a = accounts.get("/accounts/{id}", id).send(Account.class);
 * accounts.post("/accounts/{id}/debits", id).idempotencyKey(key).body(debit).send(Balance.class);
 * }</pre>
 *
 * <p>Thread-safe; the requests it creates are not.
 */
public interface ServiceClient {
    /** The downstream's logical name. */
    String name();

    /**
     * A request with any method.
     *
     * @throws IllegalArgumentException if the template does not start with '/' or the number of
     *     parameters does not match its {@code {name}} segments
     */
    ClientRequest request(String method, String pathTemplate, Object... pathParameters);

    /** A GET request. */
    default ClientRequest get(String pathTemplate, Object... pathParameters) {
        return request("GET", pathTemplate, pathParameters);
    }

    /** A POST request. */
    default ClientRequest post(String pathTemplate, Object... pathParameters) {
        return request("POST", pathTemplate, pathParameters);
    }

    /** A PUT request. */
    default ClientRequest put(String pathTemplate, Object... pathParameters) {
        return request("PUT", pathTemplate, pathParameters);
    }

    /** A PATCH request. */
    default ClientRequest patch(String pathTemplate, Object... pathParameters) {
        return request("PATCH", pathTemplate, pathParameters);
    }

    /** A DELETE request. */
    default ClientRequest delete(String pathTemplate, Object... pathParameters) {
        return request("DELETE", pathTemplate, pathParameters);
    }
}
