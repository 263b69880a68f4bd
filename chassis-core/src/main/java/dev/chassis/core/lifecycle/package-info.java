/**
 * The service's life, as its parts take part in it: {@link dev.chassis.core.lifecycle.LifecycleParticipant}
 * (contributed with {@code @IntoSet}, started in ascending phase and stopped in descending phase
 * around the HTTP server) and {@link dev.chassis.core.lifecycle.ServiceState}. Depends on no other
 * chassis package.
 */
@NullMarked
package dev.chassis.core.lifecycle;

import org.jspecify.annotations.NullMarked;
