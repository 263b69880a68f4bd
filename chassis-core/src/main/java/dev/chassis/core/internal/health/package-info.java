/** Implementation; not part of the public API. Health and info endpoints. */
@NullMarked
package dev.chassis.core.internal.health;

import org.jspecify.annotations.NullMarked;
