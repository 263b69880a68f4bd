package com.example.orders;

import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ServiceClient;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import java.time.Duration;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /items}, {@code GET /items/{id}} and {@code GET /items/{id}/price}. */
final class ItemRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(ItemRoutes.class);

    private final ItemStore store;
    private final ServiceClient pricing;

    @Inject
    ItemRoutes(ItemStore store, ServiceClients clients) {
        this.store = store;
        this.pricing = clients.get("pricing");
    }

    @Override
    public void register(Routing routing) {
        routing.group(
                "/items",
                items -> items.post("", this::add).get("/{id}", this::find).get("/{id}/price", this::price));
    }

    private Response add(Request request) {
        Item item = store.add(request.body(NewItem.class));
        log.info("added item {}", item.id());
        return Response.created("/items/" + item.id(), item);
    }

    private Item find(Request request) {
        return store.find(request.pathParam("id").asUuid())
                .orElseThrow(() -> HttpStatusException.notFound(
                        "no item " + request.pathParam("id").asString()));
    }

    private Price price(Request request) {
        Item item = find(request);
        try {
            return pricing.get("/prices/{name}", item.name()).send(Price.class);
        } catch (ClientException e) {
            log.warn("pricing failed for item {}: {}", item.id(), e.getMessage());
            throw HttpStatusException.unavailable("prices are unavailable right now", Duration.ofSeconds(5));
        }
    }
}
