package dev.chassis.security.internal;

import dev.chassis.security.auth.Caller;
import dev.chassis.security.config.SecurityConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads a {@link Caller} from a token's claims, as the configuration names them. Thread-safe. */
public final class Claims {
    private final SecurityConfig.Jwt config;
    private final String[] rolesPath;

    public Claims(SecurityConfig.Jwt config) {
        this.config = config;
        this.rolesPath = config.rolesClaim().isEmpty()
                ? new String[0]
                : config.rolesClaim().split("\\.");
    }

    /** The caller named by the claims; the subject must be present. */
    public Caller caller(Map<String, Object> claims) throws Refusal {
        Object sub = claims.get("sub");
        if (!(sub instanceof String subject) || subject.isEmpty()) {
            throw Refusal.invalid("no-subject", "the token names no subject");
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String name : config.scopeClaims()) {
            words(claims.get(name), scopes);
        }
        Set<String> roles = new LinkedHashSet<>();
        words(at(claims, rolesPath), roles);
        String clientId = null;
        for (String name : config.clientIdClaims()) {
            if (claims.get(name) instanceof String s && !s.isEmpty()) {
                clientId = s;
                break;
            }
        }
        String tenant =
                config.tenantClaim().isEmpty() || !(claims.get(config.tenantClaim()) instanceof String t) ? null : t;
        Map<String, Object> kept = new HashMap<>();
        claims.forEach((k, v) -> {
            if (k != null && v != null) {
                kept.put(k, v);
            }
        });
        return Caller.of(subject, clientId, scopes, roles, tenant, kept);
    }

    private static @Nullable Object at(Map<String, Object> claims, String[] path) {
        Object node = claims;
        for (String part : path) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(part);
        }
        return path.length == 0 ? null : node;
    }

    /** A space-separated string or a list of strings. */
    private static void words(@Nullable Object value, Set<String> into) {
        if (value instanceof String s) {
            for (String w : s.trim().split(" +")) {
                if (!w.isEmpty()) {
                    into.add(w);
                }
            }
        } else if (value instanceof Collection<?> c) {
            for (Object o : c) {
                if (o instanceof String s && !s.isEmpty()) {
                    into.add(s);
                }
            }
        }
    }
}
