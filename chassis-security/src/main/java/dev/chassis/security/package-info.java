/**
 * OAuth 2.0 bearer-token security for chassis services: {@link dev.chassis.security.SecurityModule}
 * to add to the component, {@link dev.chassis.security.auth.Access} to declare what a route requires,
 * {@link dev.chassis.security.auth.Caller} for who is calling, {@link dev.chassis.security.config.SecurityConfig}
 * for the {@code security} section.
 */
@NullMarked
package dev.chassis.security;

import org.jspecify.annotations.NullMarked;
