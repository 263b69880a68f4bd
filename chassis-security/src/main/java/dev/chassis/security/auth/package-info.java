/**
 * What a service writes against: {@link dev.chassis.security.auth.Access}, the access a route or a
 * group of routes declares; {@link dev.chassis.security.auth.Caller}, the verified caller a handler
 * reads; and {@link dev.chassis.security.auth.ClientCredentialsException}, when the service's own
 * token cannot be had. Depends on no other package of the module.
 */
@NullMarked
package dev.chassis.security.auth;

import org.jspecify.annotations.NullMarked;
