package dev.chassis.security;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.config.Config;
import dev.chassis.core.context.TaskExecutor;
import dev.chassis.core.http.PeerIdentity;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.observability.ObservabilityModule;
import dev.chassis.security.auth.Access;
import dev.chassis.security.auth.Caller;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A service with security as teams compose it: core, observability, security and routes of each kind. */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, SecurityModule.class, SecuredService.Parts.class})
interface SecuredService {
    Service service();

    @Component.Factory
    interface Factory {
        SecuredService create(@BindsInstance Config config);
    }

    static Service create(Config config) {
        return DaggerSecuredService.factory().create(config).service();
    }

    /** The URI a client certificate of transfers-service names, for the routes on mTLS peers. */
    String TRANSFERS = "spiffe://bank/transfers-service";

    /** What a handler sees of its caller. */
    static Map<String, Object> describe(Caller c) {
        Map<String, Object> m = new TreeMap<>();
        m.put("subject", c.subject());
        m.put("clientId", c.clientId().orElse("-"));
        m.put("scopes", new java.util.TreeSet<>(c.scopes()));
        m.put("roles", new java.util.TreeSet<>(c.roles()));
        m.put("tenant", c.tenant().orElse("-"));
        return m;
    }

    @Module
    abstract class Parts {
        private static final Logger log = LoggerFactory.getLogger("dev.chassis.security.test.Routes");

        @Provides
        @IntoSet
        static Routes routes(ServiceClients clients, TaskExecutor executor) {
            return routing -> {
                routing.get("/me", request -> {
                    Caller c = Caller.of(request).orElseThrow();
                    log.info("handled for the caller");
                    return describe(c);
                });
                routing.get(
                        "/me/later",
                        request -> CompletableFuture.supplyAsync(
                                () -> Map.of(
                                        "subject",
                                        Caller.of(request).orElseThrow().subject()),
                                executor));
                Access.publicAccess()
                        .on(routing)
                        .get(
                                "/public",
                                request -> Map.of(
                                        "caller",
                                        Caller.of(request).map(Caller::subject).orElse("anonymous")));
                routing.with(Access.KEY, Access.scope("accounts:write"))
                        .group(
                                "/accounts/{id}",
                                a -> a.put("/debits", request -> Map.of("debited", true))
                                        .with(Access.KEY, Access.role("teller").and(Access.scope("accounts:write")))
                                        .delete("/debits", request -> Map.of("reversed", true)));
                Access.require("a tenant", c -> c.tenant().isPresent())
                        .on(routing)
                        .get(
                                "/tenant",
                                request -> Map.of(
                                        "tenant",
                                        Caller.of(request)
                                                .orElseThrow()
                                                .tenant()
                                                .orElseThrow()));
                Access.peerNamed(TRANSFERS)
                        .on(routing)
                        .put(
                                "/ledger",
                                request -> Map.of(
                                        "peer",
                                        request.peerIdentity()
                                                .map(PeerIdentity::subject)
                                                .orElse("-")));
                Access.scope("accounts:write")
                        .or(Access.peerNamed(TRANSFERS))
                        .on(routing)
                        .get(
                                "/either",
                                request -> Map.of(
                                        "caller",
                                                Caller.of(request)
                                                        .map(Caller::subject)
                                                        .orElse("-"),
                                        "peer",
                                                request.peerIdentity()
                                                        .map(PeerIdentity::subject)
                                                        .orElse("-")));
                Access.publicAccess()
                        .on(routing)
                        .get("/anonymous-call/{downstream}", request -> call(clients, request));
                routing.get("/call/{downstream}", request -> call(clients, request));
            };
        }

        private static Object call(ServiceClients clients, dev.chassis.core.http.Request request) {
            try {
                return clients.get(request.pathParam("downstream").asString())
                        .get("/seen")
                        .send(Map.class);
            } catch (ClientException e) {
                return Response.status(502).text(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
