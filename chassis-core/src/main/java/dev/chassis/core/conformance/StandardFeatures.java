package dev.chassis.core.conformance;

import dev.chassis.core.config.BoundConfig;
import java.util.List;

/**
 * A module's standard features and their state under a configuration; contributed with
 * {@code @IntoSet}. Read by {@code --conformance} without starting the service, so it only reads
 * configuration.
 *
 * <pre>{@code
 * @Provides @IntoSet
 * static StandardFeatures features() {
 *     return config -> List.of(new StandardFeature("chassis-orders", "order archive",
 *             config.get(OrdersConfig.SECTION).archive(), "orders.archive"));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface StandardFeatures {
    /** The module's standard features, each on or off as this configuration sets it. */
    List<StandardFeature> features(BoundConfig config);
}
