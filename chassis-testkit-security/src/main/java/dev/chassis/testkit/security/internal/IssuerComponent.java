package dev.chassis.testkit.security.internal;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Routes;
import javax.inject.Singleton;

/** The fake authorization server as a chassis service: the core plus its endpoints. */
@Singleton
@Component(modules = {ChassisModule.class, IssuerComponent.IssuerModule.class})
public interface IssuerComponent {
    Service service();

    /** Builds the component. */
    static IssuerComponent create(Config config, IssuerRoutes routes, IssuerState state) {
        return DaggerIssuerComponent.factory().create(config, routes, state);
    }

    @Component.Factory
    interface Factory {
        IssuerComponent create(
                @BindsInstance Config config, @BindsInstance IssuerRoutes routes, @BindsInstance IssuerState state);
    }

    @Module
    abstract class IssuerModule {
        private IssuerModule() {}

        @Provides
        @IntoSet
        static Routes routes(IssuerRoutes routes) {
            return routes;
        }

        @Provides
        @IntoSet
        static Filter recorder(IssuerState state) {
            return IssuerRoutes.recorder(state);
        }
    }
}
