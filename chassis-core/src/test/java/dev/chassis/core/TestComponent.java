package dev.chassis.core;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.chassis.core.config.Config;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.http.Routes;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import java.util.Set;
import javax.inject.Singleton;

/** A service assembled the way users assemble theirs, with parts chosen per test. */
@Singleton
@Component(modules = {ChassisModule.class, TestComponent.PartsModule.class})
interface TestComponent {
    Service service();

    @Component.Factory
    interface Factory {
        TestComponent create(@BindsInstance Config config, @BindsInstance TestParts parts);
    }

    static Service service(TestParts parts, String yaml) {
        Config config = Config.builder()
                .yaml("defaults for tests", "server: {host: 127.0.0.1, port: 0}\nlifecycle: {propagation-delay: 0s}\n")
                .yaml("test", yaml)
                .build();
        return DaggerTestComponent.factory().create(config, parts).service();
    }

    @Module
    abstract class PartsModule {
        @Provides
        @ElementsIntoSet
        static Set<Routes> routes(TestParts parts) {
            return parts.routes;
        }

        @Provides
        @ElementsIntoSet
        static Set<HealthCheck> checks(TestParts parts) {
            return parts.checks;
        }

        @Provides
        @ElementsIntoSet
        static Set<LifecycleParticipant> participants(TestParts parts) {
            return parts.participants;
        }
    }
}
