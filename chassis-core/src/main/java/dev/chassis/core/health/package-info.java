/**
 * Health checks. A module or a service contributes a {@link dev.chassis.core.health.HealthCheck}
 * with {@code @IntoSet}, for readiness (default) or liveness; its answer is a
 * {@link dev.chassis.core.health.Health}. The server serves them at {@code /health/ready},
 * {@code /health/live} and {@code /health}.
 */
@NullMarked
package dev.chassis.core.health;

import org.jspecify.annotations.NullMarked;
