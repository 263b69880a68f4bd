package ${package};

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
#if( $database == "postgres" )
import dev.chassis.data.DataModule;
#end
#if( $discovery == "consul" )
import dev.chassis.discovery.DiscoveryModule;
#end
import dev.chassis.observability.ObservabilityModule;
import dev.chassis.resilience.ResilienceModule;
#if( $security == "jwt" )
import dev.chassis.security.SecurityModule;
#end
import javax.inject.Singleton;

/** The service: the chassis modules it uses, and its own. */
@Singleton
@Component(
        modules = {
            ChassisModule.class,
            ObservabilityModule.class,
            ResilienceModule.class,
#if( $database == "postgres" )
            DataModule.class,
#end
#if( $discovery == "consul" )
            DiscoveryModule.class,
#end
#if( $security == "jwt" )
            SecurityModule.class,
#end
            ApplicationModule.class
        })
public interface ApplicationComponent {
    Service service();

    @Component.Factory
    interface Factory {
        ApplicationComponent create(@BindsInstance Config config);
    }
}
