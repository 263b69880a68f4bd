/**
 * What {@code --conformance} reports: each module's {@link dev.chassis.core.conformance.StandardFeature}s,
 * contributed as {@link dev.chassis.core.conformance.StandardFeatures}, and the
 * {@link dev.chassis.core.conformance.ConformanceReport} that lists them with the chassis version,
 * the endpoints and the modules a standard service has and this one lacks. Depends on the config
 * package only.
 */
@NullMarked
package dev.chassis.core.conformance;

import org.jspecify.annotations.NullMarked;
