/**
 * Observability for chassis services: correlation IDs, JSON logs, the access log, Prometheus
 * metrics and OpenTelemetry tracing. Add {@link dev.chassis.observability.ObservabilityModule} to
 * the service's component; settings live in {@link dev.chassis.observability.config.ObservabilityConfig}.
 */
@NullMarked
package dev.chassis.observability;

import org.jspecify.annotations.NullMarked;
