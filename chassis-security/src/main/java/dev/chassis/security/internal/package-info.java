/** Token verification, key sets, the filter and outbound credentials; not API. */
@NullMarked
package dev.chassis.security.internal;

import org.jspecify.annotations.NullMarked;
