/** Implementation; not part of the public API. */
@NullMarked
package dev.chassis.observability.internal;

import org.jspecify.annotations.NullMarked;
