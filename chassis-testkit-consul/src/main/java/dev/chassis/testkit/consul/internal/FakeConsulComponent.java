package dev.chassis.testkit.consul.internal;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Routes;
import java.util.Set;
import javax.inject.Singleton;

/** The fake agent as a chassis service: the core plus the Consul endpoints and filter. */
@Singleton
@Component(modules = {ChassisModule.class, FakeConsulComponent.ConsulModule.class})
interface FakeConsulComponent {
    Service service();

    @Component.Factory
    interface Factory {
        FakeConsulComponent create(@BindsInstance Config config, @BindsInstance FakeAgent agent);
    }

    @Module
    abstract class ConsulModule {
        private ConsulModule() {}

        @Provides
        @Singleton
        static KvEndpoints kv(FakeAgent agent) {
            return new KvEndpoints(agent);
        }

        @Provides
        @ElementsIntoSet
        static Set<Routes> routes(FakeAgent agent, KvEndpoints kv) {
            return Set.of(new AgentEndpoints(agent), new CatalogEndpoints(agent), kv);
        }

        @Provides
        @IntoSet
        static Filter filter(FakeAgent agent, KvEndpoints kv) {
            return new ConsulFilter(agent, kv);
        }
    }
}
