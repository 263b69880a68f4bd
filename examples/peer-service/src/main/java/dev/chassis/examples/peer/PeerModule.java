package dev.chassis.examples.peer;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.chassis.core.http.Routes;

/** The peer service's own parts: its routes. */
@Module
public abstract class PeerModule {
    @Binds
    @IntoSet
    abstract Routes routes(PeerRoutes routes);
}
