package dev.chassis.observability.internal;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration when the service has no {@code logback.xml} or
 * {@code logback-test.xml}: found through the {@code ServiceLoader}, ranked after logback's own
 * file lookup and before its plain console fallback.
 */
@ConfiguratorRank(-5)
public final class ChassisLogbackConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogbackSetup.configureDefaults(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
