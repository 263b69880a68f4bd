/** Implementation; not part of the public API. */
@NullMarked
package dev.chassis.core.internal.config;

import org.jspecify.annotations.NullMarked;
