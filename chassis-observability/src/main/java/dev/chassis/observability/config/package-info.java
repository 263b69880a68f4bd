/**
 * The observability module's configuration: {@link dev.chassis.observability.config.ObservabilityConfig},
 * section {@code observability} (logging, access log, metrics, tracing). Depends on no other
 * package of the module.
 */
@NullMarked
package dev.chassis.observability.config;

import org.jspecify.annotations.NullMarked;
