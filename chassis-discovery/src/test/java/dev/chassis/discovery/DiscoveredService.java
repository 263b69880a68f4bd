package dev.chassis.discovery;

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
import dev.chassis.core.config.LiveConfig;
import dev.chassis.core.config.ServiceConfig;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.discovery.internal.ConsulResolver;
import dev.chassis.discovery.internal.RegistrationStatus;
import dev.chassis.observability.ObservabilityModule;
import dev.chassis.testkit.consul.FakeConsul;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.inject.Provider;
import javax.inject.Singleton;

/**
 * A service as teams compose it with discovery: core, observability, discovery, a readiness check
 * the test can turn down, {@code /whoami} and {@code /call/{downstream}}, which calls a downstream's
 * {@code /whoami} by name.
 */
@Singleton
@Component(
        modules = {
            ChassisModule.class,
            ObservabilityModule.class,
            DiscoveryModule.class,
            DiscoveredService.TestModule.class
        })
interface DiscoveredService {
    Service service();

    ConsulResolver resolver();

    RegistrationStatus registration();

    LiveConfig live();

    Readiness readiness();

    MeterRegistry meters();

    @Component.Factory
    interface Factory {
        DiscoveredService create(@BindsInstance Config config);
    }

    /** A service named {@code name} using the fake agent, with short timings and the test's YAML on top. */
    static DiscoveredService create(FakeConsul consul, String name, String yaml) {
        return DaggerDiscoveredService.factory().create(config(consul, name, yaml));
    }

    static Config config(FakeConsul consul, String name, String yaml) {
        return config(consul.url(), name, yaml);
    }

    static Config config(String consulUrl, String name, String yaml) {
        return config(consulUrl, name, yaml, Map.of());
    }

    /** As above, with these environment variables for {@code ${VAR}} and {@code CONSUL_HTTP_TOKEN}. */
    static Config config(String consulUrl, String name, String yaml, Map<String, String> environment) {
        Map<String, String> consulKeys = new TreeMap<>();
        consulKeys.put("discovery.consul.enabled", "true");
        consulKeys.put("discovery.consul.url", consulUrl);
        consulKeys.put("discovery.consul.registration.check.interval", "1s");
        consulKeys.put("discovery.consul.registration.reconcile-interval", "1s");
        consulKeys.put("discovery.consul.registration.retry.initial-backoff", "100ms");
        consulKeys.put("discovery.consul.registration.retry.max-backoff", "1s");
        consulKeys.put("discovery.consul.watch.wait", "5s");
        consulKeys.put("discovery.consul.watch.min-interval", "50ms");
        consulKeys.put("discovery.consul.watch.retry.initial-backoff", "100ms");
        consulKeys.put("discovery.consul.watch.retry.max-backoff", "1s");
        consulKeys.put("discovery.consul.watch.start-wait", "2s");
        return Config.builder()
                .substitutionVariables(environment)
                .yaml(
                        "defaults for tests",
                        "service: {name: " + name + ", version: 1.2.3}\nserver: {host: 127.0.0.1, port: 0}\n"
                                + "lifecycle: {propagation-delay: 0s}\n")
                .properties("consul for tests", consulKeys)
                .yaml("test", yaml.isBlank() ? "{}" : yaml)
                .build();
    }

    /** What {@code /whoami} answers. */
    record WhoAmI(String service, int port) {}

    /** What {@code /call/{downstream}} answers: the downstream's answer. */
    record Answer(Map<?, ?> answer) {}

    /** A readiness check the test turns up and down. */
    final class Readiness implements HealthCheck {
        private volatile boolean up = true;

        void set(boolean up) {
            this.up = up;
        }

        @Override
        public String name() {
            return "test-readiness";
        }

        @Override
        public dev.chassis.core.health.Health check() {
            return up
                    ? dev.chassis.core.health.Health.up()
                    : dev.chassis.core.health.Health.down("turned down by the test");
        }
    }

    @Module
    abstract class TestModule {
        @Provides
        @Singleton
        static Readiness readiness() {
            return new Readiness();
        }

        @Provides
        @IntoSet
        static HealthCheck readinessCheck(Readiness readiness) {
            return readiness;
        }

        @Provides
        @IntoSet
        static Routes routes(ServiceClients clients, ServiceConfig config, Provider<Service> running) {
            return routing -> routing.get(
                            "/whoami",
                            request -> new WhoAmI(config.name(), running.get().port()))
                    .get("/log", request -> {
                        org.slf4j.LoggerFactory.getLogger("dev.chassis.discovery.kvtest")
                                .debug("a debug line");
                        return Response.noContent();
                    })
                    .get("/call/{downstream}", request -> {
                        try {
                            // Kept in the order received, so tests can compare the text.
                            Map<?, ?> answer = clients.get(
                                            request.pathParam("downstream").asString())
                                    .get("/whoami")
                                    .send(LinkedHashMap.class);
                            return new Answer(answer);
                        } catch (ClientException e) {
                            return Response.status(502).text(e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                    });
        }
    }
}
