/** The fake authorization server's state and routes; not API. */
@NullMarked
package dev.chassis.testkit.security.internal;

import org.jspecify.annotations.NullMarked;
