package dev.chassis.data.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.chassis.data.config.DataSourceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Turns a source's configuration into HikariCP's. */
final class HikariSettings {
    private HikariSettings() {}

    static HikariConfig of(String name, DataSourceConfig c, @Nullable MeterRegistry registry) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(name);
        h.setJdbcUrl(H2Files.durable(c.url()));
        if (!c.user().isEmpty()) {
            h.setUsername(c.user());
        }
        if (!c.password().isEmpty()) {
            h.setPassword(c.password());
        }
        for (Map.Entry<String, String> p : c.properties().entrySet()) {
            h.addDataSourceProperty(p.getKey(), p.getValue());
        }
        h.setMaximumPoolSize(c.maximumPoolSize());
        h.setMinimumIdle(c.effectiveMinimumIdle());
        h.setConnectionTimeout(c.connectionTimeout().toMillis());
        h.setValidationTimeout(c.validationTimeout().toMillis());
        h.setIdleTimeout(c.idleTimeout().toMillis());
        h.setMaxLifetime(c.maxLifetime().toMillis());
        h.setKeepaliveTime(c.keepaliveTime().toMillis());
        h.setLeakDetectionThreshold(c.leakDetectionThreshold().toMillis());
        // Fail fast: one attempt when the pool is made, its failure thrown with the driver's
        // reason. Retry: the pool is made without connecting, and the source keeps trying.
        h.setInitializationFailTimeout(c.startMode() == DataSourceConfig.StartMode.FAIL_FAST ? 1 : -1);
        if (registry != null) {
            h.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        return h;
    }
}
