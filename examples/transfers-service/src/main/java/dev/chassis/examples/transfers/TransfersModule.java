package dev.chassis.examples.transfers;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.chassis.core.client.ProblemType;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.http.Routes;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import javax.inject.Singleton;

/** transfers-service's own parts: its settings, routes, and the recovery of unsettled transfers. */
@Module
public abstract class TransfersModule {
    @Binds
    @IntoSet
    abstract Routes transferRoutes(TransferRoutes routes);

    @Binds
    @IntoSet
    abstract LifecycleParticipant recovery(Recovery recovery);

    @Provides
    @IntoSet
    static ConfigSection<?> section() {
        return TransfersConfig.SECTION;
    }

    /** accounts-service's refusal for want of money, caught as {@link InsufficientFunds}. */
    @Provides
    @IntoSet
    static ProblemType<?> insufficientFunds() {
        return ProblemType.of(InsufficientFunds.TYPE, InsufficientFunds::new);
    }

    @Provides
    @Singleton
    static TransfersConfig config(BoundConfig config) {
        return config.get(TransfersConfig.SECTION);
    }
}
