package dev.chassis.examples.hello;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.http.Routes;
import javax.inject.Singleton;

/** The hello service's own parts: its config section and its routes. */
@Module
public abstract class HelloModule {
    @Binds
    @IntoSet
    abstract Routes routes(HelloRoutes routes);

    @Provides
    @IntoSet
    static ConfigSection<?> section() {
        return HelloConfig.SECTION;
    }

    @Provides
    @Singleton
    static HelloConfig config(BoundConfig config) {
        return config.get(HelloConfig.SECTION);
    }
}
