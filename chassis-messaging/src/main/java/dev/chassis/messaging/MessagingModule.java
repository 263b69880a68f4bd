package dev.chassis.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.BindsOptionalOf;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import dagger.multibindings.Multibinds;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.config.LifecycleConfig;
import dev.chassis.core.config.ServiceConfig;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.data.DataSources;
import dev.chassis.messaging.config.MessagingConfig;
import dev.chassis.messaging.event.EventHandlers;
import dev.chassis.messaging.event.Outbox;
import dev.chassis.messaging.event.Publisher;
import dev.chassis.messaging.internal.DefaultOutbox;
import dev.chassis.messaging.internal.DirectPublisher;
import dev.chassis.messaging.internal.EventCodec;
import dev.chassis.messaging.internal.KafkaClients;
import dev.chassis.messaging.internal.MessagingRuntime;
import dev.chassis.messaging.internal.MessagingTracing;
import dev.chassis.messaging.internal.SubscriptionRegistry;
import dev.chassis.messaging.internal.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.inject.Singleton;

/**
 * Events over Kafka for a chassis service; add it to the component next to {@code ChassisModule}
 * and {@code DataModule}:
 *
 * <pre>{@code
 * @Component(modules = {ChassisModule.class, ObservabilityModule.class, DataModule.class, MessagingModule.class, OrdersModule.class})
 * }</pre>
 *
 * <p>It binds the {@link Outbox} (events in the caller's database transaction, sent by the relay),
 * the {@link Publisher} (events straight to Kafka) and runs the consumers of the
 * {@link EventHandlers} the service contributes with {@code @Binds @IntoSet}. It migrates its
 * tables into the data source {@code messaging.outbox.source}, contributes the readiness checks
 * {@code kafka}, {@code messaging-outbox} and {@code messaging-consumer-<group>}, records its
 * meters in the service's {@link MeterRegistry} and its spans through the service's
 * {@link OpenTelemetry} when the component has them (chassis-observability provides both), and
 * stops with the service, before its pools.
 */
@dagger.Module
public abstract class MessagingModule {
    MessagingModule() {}

    /** The service's event handlers. */
    @Multibinds
    abstract Set<EventHandlers> eventHandlers();

    /** The service's registry, when a module such as chassis-observability provides one. */
    @BindsOptionalOf
    abstract MeterRegistry meterRegistry();

    /** The service's OpenTelemetry, when a module such as chassis-observability provides one. */
    @BindsOptionalOf
    abstract OpenTelemetry openTelemetry();

    /** The service's pools; without chassis-data there is no outbox or inbox. */
    @BindsOptionalOf
    abstract DataSources dataSources();

    @Provides
    @IntoSet
    static ConfigSection<?> section() {
        return MessagingConfig.SECTION;
    }

    @Provides
    @Singleton
    static MessagingConfig config(BoundConfig config) {
        return config.get(MessagingConfig.SECTION);
    }

    @Provides
    @Singleton
    static KafkaClients clients(MessagingConfig config, ServiceConfig service) {
        return new KafkaClients(config, service.name());
    }

    @Provides
    @Singleton
    static Topics topics(KafkaClients clients) {
        return new Topics(clients);
    }

    @Provides
    @Singleton
    static EventCodec codec(ObjectMapper mapper, ServiceConfig service, MessagingConfig config) {
        return new EventCodec(mapper, service.name(), config.maxEventSize().bytes());
    }

    @Provides
    @Singleton
    static MessagingTracing tracing(Optional<OpenTelemetry> openTelemetry) {
        return new MessagingTracing(openTelemetry.orElse(OpenTelemetry.noop()));
    }

    @Provides
    @Singleton
    static MessagingMeters meters(Optional<MeterRegistry> registry) {
        return new MessagingMeters(registry.orElseGet(SimpleMeterRegistry::new));
    }

    @Provides
    @Singleton
    static DirectPublisher directPublisher(
            KafkaClients clients, Topics topics, EventCodec codec, MessagingTracing tracing, MessagingMeters meters) {
        return new DirectPublisher(clients, topics, codec, tracing, meters.registry());
    }

    @Provides
    static Publisher publisher(DirectPublisher publisher) {
        return publisher;
    }

    @Provides
    @Singleton
    static Outbox outbox(EventCodec codec, MessagingTracing tracing) {
        return new DefaultOutbox(codec, tracing);
    }

    @Provides
    @Singleton
    static MessagingRuntime runtime(
            MessagingConfig config,
            Optional<DataSources> dataSources,
            Set<EventHandlers> handlers,
            KafkaClients clients,
            Topics topics,
            DirectPublisher publisher,
            EventCodec codec,
            MessagingTracing tracing,
            MessagingMeters meters,
            LifecycleConfig lifecycle,
            ServiceConfig service) {
        return new MessagingRuntime(
                config,
                dataSources.orElse(null),
                SubscriptionRegistry.of(handlers),
                clients,
                topics,
                publisher,
                codec,
                tracing,
                meters.registry(),
                lifecycle,
                service.name());
    }

    @Provides
    @IntoSet
    static LifecycleParticipant participant(MessagingRuntime runtime) {
        return runtime;
    }

    @Provides
    @ElementsIntoSet
    static Set<HealthCheck> checks(MessagingRuntime runtime) {
        return new LinkedHashSet<>(runtime.checks());
    }

    /** The registry the module records in: the service's, or one nobody reads. */
    static final class MessagingMeters {
        private final MeterRegistry registry;

        MessagingMeters(MeterRegistry registry) {
            this.registry = registry;
        }

        MeterRegistry registry() {
            return registry;
        }
    }
}
