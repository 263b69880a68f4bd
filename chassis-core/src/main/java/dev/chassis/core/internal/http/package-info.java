/** Implementation; not part of the public API. */
@NullMarked
package dev.chassis.core.internal.http;

import org.jspecify.annotations.NullMarked;
