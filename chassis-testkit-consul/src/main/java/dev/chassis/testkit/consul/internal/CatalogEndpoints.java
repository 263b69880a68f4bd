package dev.chassis.testkit.consul.internal;

import dev.chassis.core.http.Request;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import java.util.List;

/**
 * The catalog's read endpoints, {@code /v1/health/service/<name>} and
 * {@code /v1/catalog/services}, both blocking queries on their own index.
 */
final class CatalogEndpoints implements Routes {
    private final FakeAgent agent;

    CatalogEndpoints(FakeAgent agent) {
        this.agent = agent;
    }

    @Override
    public void register(Routing routing) {
        routing.get("/v1/health/service/{name}", Answers.consul(this::health))
                .get("/v1/catalog/services", Answers.consul(this::services));
    }

    private Object health(Request request) {
        Query query = Query.of(request, agent.options.datacenter());
        String name = request.pathParam("name").asString();
        List<String> tags = request.queryParams("tag");
        boolean passing = flag(request, "passing");
        Catalog catalog = agent.catalog;
        return agent.answers.blocking(
                request,
                query,
                () -> catalog.healthIndex(name),
                () -> agent.answers.read(
                        Answers.json(agent.views.health(catalog, name, tags, passing)),
                        catalog.healthIndex(name),
                        query));
    }

    private Object services(Request request) {
        Query query = Query.of(request, agent.options.datacenter());
        Catalog catalog = agent.catalog;
        return agent.answers.blocking(
                request,
                query,
                catalog::servicesIndex,
                () -> agent.answers.read(
                        Answers.json(agent.views.catalogServices(catalog)), catalog.servicesIndex(), query));
    }

    /** A flag such as {@code ?passing}: present without a value, or {@code true}/{@code false}. */
    private static boolean flag(Request request, String name) {
        List<String> values = request.queryParams(name);
        if (values.isEmpty()) {
            return false;
        }
        String value = values.get(0);
        return switch (value) {
            case "", "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw ConsulError.badRequest("Invalid value for ?" + name);
        };
    }
}
