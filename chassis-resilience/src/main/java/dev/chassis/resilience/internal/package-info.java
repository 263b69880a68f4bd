/** Implementation; not part of the public API. */
@NullMarked
package dev.chassis.resilience.internal;

import org.jspecify.annotations.NullMarked;
