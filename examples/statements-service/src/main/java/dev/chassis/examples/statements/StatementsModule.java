package dev.chassis.examples.statements;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.chassis.core.http.Routes;
import dev.chassis.messaging.event.EventHandlers;

/** statements-service's own parts: the event handlers that build statements, and the route that reads them. */
@Module
public abstract class StatementsModule {
    @Binds
    @IntoSet
    abstract EventHandlers handlers(StatementHandlers handlers);

    @Binds
    @IntoSet
    abstract Routes routes(StatementRoutes routes);
}
