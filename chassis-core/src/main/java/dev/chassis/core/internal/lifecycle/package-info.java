/** Implementation; not part of the public API. */
@NullMarked
package dev.chassis.core.internal.lifecycle;

import org.jspecify.annotations.NullMarked;
