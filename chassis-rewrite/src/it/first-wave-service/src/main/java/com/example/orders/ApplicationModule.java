package com.example.orders;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.chassis.core.LifecycleParticipant;
import dev.chassis.core.http.Routes;

/** The service's own parts: its routes and its store. */
@Module
public abstract class ApplicationModule {
    @Binds
    @IntoSet
    abstract Routes itemRoutes(ItemRoutes routes);

    @Binds
    abstract ItemStore itemStore(MemoryItemStore store);

    @Binds
    @IntoSet
    abstract LifecycleParticipant warmup(Warmup warmup);
}
