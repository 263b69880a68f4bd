package dev.chassis.observability;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.client.ClientObserver;
import dev.chassis.core.config.Config;
import dev.chassis.core.context.TaskExecutor;
import dev.chassis.core.http.Routes;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import javax.inject.Singleton;

/** A service with observability, routes given by the test, spans kept in memory. */
@Singleton
@Component(modules = {ChassisModule.class, ObservabilityModule.class, TestService.TestModule.class})
interface TestService {
    Service service();

    MeterRegistry registry();

    Set<ClientObserver> clientObservers();

    @Component.Factory
    interface Factory {
        TestService create(
                @BindsInstance Config config,
                @BindsInstance InMemorySpanExporter spans,
                @BindsInstance BiFunction<TaskExecutor, Set<ClientObserver>, Routes> routes);
    }

    static TestService create(
            String yaml, InMemorySpanExporter spans, BiFunction<TaskExecutor, Set<ClientObserver>, Routes> routes) {
        return create("service: {name: obs-test, version: 9.9.9}\n" + yaml, Map.of(), spans, routes);
    }

    /**
     * A service with no name or version of its own unless {@code yaml} gives them, in an
     * environment of the test's: the variables OpenTelemetry's ({@code OTEL_*}) are read from.
     */
    static TestService create(
            String yaml,
            Map<String, String> environment,
            InMemorySpanExporter spans,
            BiFunction<TaskExecutor, Set<ClientObserver>, Routes> routes) {
        Config config = Config.builder()
                .substitutionVariables(environment)
                .yaml("defaults for tests", "server: {host: 127.0.0.1, port: 0}\nlifecycle: {propagation-delay: 0s}\n")
                .yaml("test", yaml)
                .build();
        return DaggerTestService.factory().create(config, spans, routes);
    }

    @Module
    abstract class TestModule {
        @Provides
        @IntoSet
        static SpanProcessor spans(InMemorySpanExporter exporter) {
            return SimpleSpanProcessor.create(exporter);
        }

        @Provides
        @IntoSet
        static Routes routes(
                BiFunction<TaskExecutor, Set<ClientObserver>, Routes> routes,
                TaskExecutor executor,
                Set<ClientObserver> observers) {
            return routes.apply(executor, observers);
        }
    }
}
