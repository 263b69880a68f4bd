/** Implementation; not part of the public API. */
@NullMarked
package dev.chassis.core.internal.client;

import org.jspecify.annotations.NullMarked;
