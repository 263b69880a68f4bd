/** The gateway's implementation: route table, target selection, upstream connections, forwarding headers. */
@NullMarked
package dev.chassis.gateway.internal;

import org.jspecify.annotations.NullMarked;
