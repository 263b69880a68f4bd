/**
 * The resilience module's configuration, section {@code resilience}: a
 * {@link dev.chassis.resilience.config.ResilienceConfig} of per-downstream
 * {@link dev.chassis.resilience.config.PolicyConfig}s (retry, retry budget, timeout, circuit
 * breaker, bulkhead, rate limiter, fallback). Depends on no other package of the module.
 */
@NullMarked
package dev.chassis.resilience.config;

import org.jspecify.annotations.NullMarked;
