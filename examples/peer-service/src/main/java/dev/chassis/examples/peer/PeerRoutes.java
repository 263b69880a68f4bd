package dev.chassis.examples.peer;

import dev.chassis.core.Service;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.config.ServiceConfig;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import javax.inject.Inject;
import javax.inject.Provider;

/**
 * {@code GET /whoami} names this instance; {@code GET /call/{peer}} calls a peer's
 * {@code /whoami} by service name, wherever Consul says it runs. A peer that cannot be called is a
 * 502 problem saying why.
 */
final class PeerRoutes implements Routes {
    private final ServiceClients clients;
    private final ServiceConfig config;
    private final Provider<Service> service;

    @Inject
    PeerRoutes(ServiceClients clients, ServiceConfig config, Provider<Service> service) {
        this.clients = clients;
        this.config = config;
        this.service = service;
    }

    /** Who answered. */
    record WhoAmI(String service, int port) {}

    /** A peer's answer, as seen from here. */
    record Called(String from, WhoAmI peer) {}

    @Override
    public void register(Routing routing) {
        routing.get(
                        "/whoami",
                        request -> new WhoAmI(config.name(), service.get().port()))
                .get("/call/{peer}", request -> {
                    String peer = request.pathParam("peer").asString();
                    try {
                        WhoAmI answer = clients.get(peer).get("/whoami").send(WhoAmI.class);
                        return new Called(config.name(), answer);
                    } catch (ClientException e) {
                        throw new HttpStatusException(502, e.getMessage(), e);
                    }
                });
    }
}
