package dev.chassis.messaging;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.data.DataModule;
import dev.chassis.data.Transactions;
import dev.chassis.messaging.event.EventHandlers;
import dev.chassis.messaging.event.Outbox;
import dev.chassis.messaging.event.Publisher;
import dev.chassis.messaging.internal.MessagingRuntime;
import dev.chassis.observability.ObservabilityModule;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.inject.Singleton;

/** A service with data, observability and messaging, its handlers and span processors given by the test. */
@Singleton
@Component(
        modules = {
            ChassisModule.class,
            ObservabilityModule.class,
            DataModule.class,
            MessagingModule.class,
            TestService.Parts.class
        })
interface TestService {
    Service service();

    Outbox outbox();

    Publisher publisher();

    Transactions transactions();

    MessagingRuntime messaging();

    PrometheusMeterRegistry prometheus();

    @Component.Factory
    interface Factory {
        TestService create(@BindsInstance Config config, @BindsInstance Handlers handlers);
    }

    /** What the test contributes. */
    record Handlers(List<EventHandlers> handlers, List<SpanProcessor> spans) {}

    @dagger.Module
    abstract class Parts {
        @Provides
        @ElementsIntoSet
        static Set<EventHandlers> handlers(Handlers h) {
            return new LinkedHashSet<>(h.handlers());
        }

        @Provides
        @ElementsIntoSet
        static Set<SpanProcessor> spans(Handlers h) {
            return new LinkedHashSet<>(h.spans());
        }
    }

    /**
     * A service named {@code name} on the database and broker given, with {@code more} YAML on top.
     */
    static TestService create(String name, String jdbcUrl, String bootstrap, String more, Handlers handlers) {
        String yaml = "service: {name: " + name + "}\n"
                + "server: {host: 127.0.0.1, port: 0}\n"
                + "lifecycle: {propagation-delay: 0s, grace-period: 10s}\n"
                + "observability: {logging: {format: text, levels: {org.apache.kafka: warn}}, access-log: {enabled: false}}\n"
                + "data: {sources: {main: {url: '" + jdbcUrl + "', user: '" + TestDb.user(jdbcUrl) + "', password: '"
                + TestDb.password(jdbcUrl) + "', migrations: {enabled: false}}}}\n"
                + "messaging:\n"
                + "  kafka: {bootstrap-servers: '" + bootstrap + "', request-timeout: 3s}\n"
                + "  retry: {initial-backoff: 100ms, max-backoff: 1s}\n"
                + "  topics: {create: true, partitions: 4}\n";
        return DaggerTestService.factory()
                .create(
                        Config.builder()
                                .yaml("test defaults", yaml)
                                .yaml("test", more.isBlank() ? "{}" : more)
                                .build(),
                        handlers);
    }

    static TestService create(String name, String jdbcUrl, String bootstrap, String more, EventHandlers... handlers) {
        return create(name, jdbcUrl, bootstrap, more, new Handlers(List.of(handlers), List.of()));
    }
}
