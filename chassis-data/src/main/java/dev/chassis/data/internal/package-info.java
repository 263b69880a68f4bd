/** Implementation; not part of the public API. */
@NullMarked
package dev.chassis.data.internal;

import org.jspecify.annotations.NullMarked;
