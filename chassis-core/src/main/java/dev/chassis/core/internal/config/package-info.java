/**
 * Implementation of configuration binding; not part of the public API. Start from
 * {@link dev.chassis.core.internal.config.ConfigBinder}, which lists the steps and the class for each.
 */
@NullMarked
package dev.chassis.core.internal.config;

import org.jspecify.annotations.NullMarked;
