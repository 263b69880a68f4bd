/** Implementation; not part of the public API. */
@NullMarked
package dev.chassis.core.internal.netty;

import org.jspecify.annotations.NullMarked;
