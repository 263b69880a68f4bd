/** Implementation; not part of the public API. */
@NullMarked
package dev.chassis.core.internal.context;

import org.jspecify.annotations.NullMarked;
