/**
 * Resilience for the chassis client: per-downstream retries with a shared retry budget,
 * bulkheads, rate limits, per-instance circuit breakers, attempt timeouts and fallbacks, built on
 * Failsafe. Add {@link dev.chassis.resilience.ResilienceModule} to the service's component;
 * settings live in {@link dev.chassis.resilience.config.ResilienceConfig}, one
 * {@link dev.chassis.resilience.config.PolicyConfig} per downstream.
 */
@NullMarked
package dev.chassis.resilience;

import org.jspecify.annotations.NullMarked;
