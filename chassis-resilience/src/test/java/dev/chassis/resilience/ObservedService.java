package dev.chassis.resilience;

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
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.observability.ObservabilityModule;
import java.util.Map;
import javax.inject.Singleton;

/** A service as teams compose it: core, observability and resilience, one route calling a downstream. */
@Singleton
@Component(
        modules = {
            ChassisModule.class,
            ObservabilityModule.class,
            ResilienceModule.class,
            ObservedService.RoutesModule.class
        })
interface ObservedService {
    Service service();

    @Component.Factory
    interface Factory {
        ObservedService create(@BindsInstance Config config);
    }

    static ObservedService create(String yaml) {
        Config config = Config.builder()
                .yaml(
                        "defaults for tests",
                        "service: {name: orders, version: 2.0.0}\nserver: {host: 127.0.0.1, port: 0}\n"
                                + "lifecycle: {propagation-delay: 0s}\nobservability: {instance: test-1}\n")
                .yaml("test", yaml)
                .build();
        return DaggerObservedService.factory().create(config);
    }

    @Module
    abstract class RoutesModule {
        @Provides
        @IntoSet
        static Routes routes(ServiceClients clients) {
            return routing -> routing.get("/orders/{id}/via/{downstream}", request -> {
                try {
                    Map<?, ?> account = clients.get(
                                    request.pathParam("downstream").asString())
                            .get("/accounts/{id}", request.pathParam("id").asString())
                            .send(Map.class);
                    return Map.of("order", request.pathParam("id").asString(), "account", account);
                } catch (ClientException e) {
                    return Response.status(502).text(e.getClass().getSimpleName() + " " + e.getMessage());
                }
            });
        }
    }
}
