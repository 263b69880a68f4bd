package dev.chassis.testkit;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.config.Config;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Validatable;
import dev.chassis.core.http.Validator;
import dev.chassis.observability.ObservabilityModule;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** A small service for the testkit's own tests: greetings, a validated echo, a downstream call. */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, SampleService.Routing.class})
interface SampleService {
    Service service();

    @Component.Factory
    interface Factory {
        SampleService create(@BindsInstance Config config);
    }

    static Service of(Config config) {
        return DaggerSampleService.factory().create(config).service();
    }

    record Greeting(String message) {}

    record Echo(String message, int times) implements Validatable {
        @Override
        public void validate(Validator v) {
            v.notBlank("message", message).range("times", times, 1, 10);
        }
    }

    record Account(String id, long balance) {}

    @Module
    abstract class Routing {
        private static final Logger log = LoggerFactory.getLogger("sample");
        private static final java.util.concurrent.ExecutorService TEAM_POOL =
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "orders-pool-1");
                    t.setDaemon(true);
                    return t;
                });

        @Provides
        @IntoSet
        static Routes routes(ServiceClients clients) {
            return r -> r.get("/hello/{name}", req -> {
                        log.info("greeting {}", req.pathParam("name").asString());
                        return new Greeting("hello, " + req.pathParam("name").asString());
                    })
                    .post("/echo", req -> req.body(Echo.class))
                    .get("/accounts/{id}", req -> {
                        log.info("fetching account");
                        try {
                            return clients.get("accounts")
                                    .get("/accounts/{id}", req.pathParam("id").asString())
                                    .send(Account.class);
                        } catch (ClientStatusException e) {
                            throw new HttpStatusException(502, "accounts answered " + e.status(), e);
                        } catch (ClientException e) {
                            throw new HttpStatusException(
                                    502, "accounts failed: " + e.getClass().getSimpleName(), e);
                        }
                    })
                    .get("/slow", req -> {
                        Thread.sleep(400);
                        return new Greeting("slow");
                    })
                    .get("/team-executor", req -> {
                        // A team's own pool, which does not carry the request's context over.
                        TEAM_POOL
                                .submit(() -> log.info("lost on the team's executor"))
                                .get();
                        return new Greeting("pooled");
                    })
                    .get("/forgets-context", req -> {
                        MDC.clear();
                        log.info("lost my context");
                        return new Greeting("oops");
                    });
        }
    }
}
