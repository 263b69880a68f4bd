/**
 * What a service implements to take part in its calls' resilience:
 * {@link dev.chassis.resilience.spi.ClientFallback}, an answer for a downstream that is
 * unavailable, contributed with {@code @IntoSet}. Depends on no other package of the module.
 */
@NullMarked
package dev.chassis.resilience.spi;

import org.jspecify.annotations.NullMarked;
