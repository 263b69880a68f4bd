/**
 * Test support for services with {@code chassis-security}: {@link
 * dev.chassis.testkit.security.FakeAuthorizationServer}, a real OAuth 2.0 authorization server on
 * a socket (JWKS, discovery document, token and introspection endpoints, key rotation, outages and
 * bad answers on demand), and {@link dev.chassis.testkit.security.TokenBuilder}, which mints the
 * tokens a test needs, good and hostile.
 */
@NullMarked
package dev.chassis.testkit.security;

import org.jspecify.annotations.NullMarked;
