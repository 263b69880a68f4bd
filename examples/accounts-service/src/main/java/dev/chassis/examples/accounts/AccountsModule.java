package dev.chassis.examples.accounts;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.chassis.core.http.Routes;

/** accounts-service's own parts. */
@Module
public abstract class AccountsModule {
    @Binds
    @IntoSet
    abstract Routes accountRoutes(AccountRoutes routes);
}
