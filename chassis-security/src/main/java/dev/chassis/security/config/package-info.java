/**
 * The security module's configuration, section {@code security}:
 * {@link dev.chassis.security.config.SecurityConfig} with the issuer, its key set, introspection,
 * the default access and the service's client credentials.
 */
@NullMarked
package dev.chassis.security.config;

import org.jspecify.annotations.NullMarked;
