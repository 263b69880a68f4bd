/** Implementation; not part of the public API. */
@NullMarked
package dev.chassis.testkit.internal;

import org.jspecify.annotations.NullMarked;
