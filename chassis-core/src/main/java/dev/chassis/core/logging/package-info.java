/**
 * The seam between a service's log output and the tools that capture it:
 * {@link dev.chassis.core.logging.LogCapture}. Core writes no log lines of its own here; the
 * observability module sets up the console and follows captures. Depends on no other chassis
 * package.
 */
@NullMarked
package dev.chassis.core.logging;

import org.jspecify.annotations.NullMarked;
