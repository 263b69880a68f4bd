/** chassis-messaging's implementation; not API. */
@NullMarked
package dev.chassis.messaging.internal;

import org.jspecify.annotations.NullMarked;
