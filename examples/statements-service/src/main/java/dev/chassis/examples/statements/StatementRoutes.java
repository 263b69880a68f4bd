package dev.chassis.examples.statements;

import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import javax.inject.Inject;

/**
 * The read side over HTTP.
 *
 * <pre>
 * GET /accounts/{id}/statement    the account's lines, oldest first, each with the balance after it
 * </pre>
 *
 * The balance is the sum of the transfers the statement has seen (opening balances are
 * accounts-service's, which publishes no events); an account no transfer touched yet is a 404.
 */
final class StatementRoutes implements Routes {
    private final StatementStore store;

    @Inject
    StatementRoutes(StatementStore store) {
        this.store = store;
    }

    @Override
    public void register(Routing routing) {
        routing.get("/accounts/{id}/statement", this::statement);
    }

    private StatementStore.Statement statement(Request request) {
        String id = request.pathParam("id").asString();
        return store.find(id)
                .orElseThrow(() -> HttpStatusException.notFound("no transfer of account " + id + " has been recorded"));
    }
}
