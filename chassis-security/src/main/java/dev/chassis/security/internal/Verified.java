package dev.chassis.security.internal;

import dev.chassis.security.auth.Caller;
import org.jspecify.annotations.Nullable;

/**
 * A token found good: who it names, until when it may be trusted (epoch milliseconds, never past
 * its {@code exp}), and the key that signed it (null for an introspected token).
 */
public record Verified(
        Caller caller, long expiresAtMillis, @Nullable String kid) {}
