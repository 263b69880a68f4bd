package dev.chassis.security.auth;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.http.AttributeKey;
import dev.chassis.core.http.Request;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: the verified principal of a request's bearer token. Handlers read it with
 * {@link #of(Request)}; the subject is also in the MDC as {@value #MDC_KEY} and in the access log.
 * The token itself is not part of it, and {@link #toString()} shows no claim values beyond the
 * subject and client.
 *
 * <pre>{@code
 * Caller caller = Caller.of(request).orElseThrow();
 * if (!caller.subject().equals(account.owner()) && !caller.hasRole("teller")) throw HttpStatusException.notFound(...);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Caller implements Principal {
    /** The MDC key of the subject while a handler runs. */
    public static final String MDC_KEY = "subject";

    /** The request attribute holding the caller of an authenticated request. */
    public static final AttributeKey<Caller> KEY = AttributeKey.of("caller", Caller.class);

    private final String subject;
    private final @Nullable String clientId;
    private final Set<String> scopes;
    private final Set<String> roles;
    private final @Nullable String tenant;
    private final Map<String, Object> claims;

    private Caller(
            String subject,
            @Nullable String clientId,
            Set<String> scopes,
            Set<String> roles,
            @Nullable String tenant,
            Map<String, Object> claims) {
        this.subject = subject;
        this.clientId = clientId;
        this.scopes = Set.copyOf(scopes);
        this.roles = Set.copyOf(roles);
        this.tenant = tenant;
        this.claims = Map.copyOf(claims);
    }

    /**
     * A caller, as the verifier or a test builds it.
     *
     * @param claims every claim of the token, for what the named parts do not cover
     */
    public static Caller of(
            String subject,
            @Nullable String clientId,
            Set<String> scopes,
            Set<String> roles,
            @Nullable String tenant,
            Map<String, Object> claims) {
        return new Caller(
                requireNonNull(subject, "subject"),
                clientId,
                requireNonNull(scopes, "scopes"),
                requireNonNull(roles, "roles"),
                tenant,
                requireNonNull(claims, "claims"));
    }

    /** The caller of an authenticated request; empty for a public route called without a token. */
    public static Optional<Caller> of(Request request) {
        return request.attribute(KEY);
    }

    /** The token's {@code sub}. */
    public String subject() {
        return subject;
    }

    /** The client the token was issued to ({@code client_id} or {@code azp}), when it says. */
    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    /** The scopes granted. */
    public Set<String> scopes() {
        return scopes;
    }

    /** The roles granted. */
    public Set<String> roles() {
        return roles;
    }

    /** The tenant, when the token names one. */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /** Every claim of the token, as parsed. */
    public Map<String, Object> claims() {
        return claims;
    }

    /** Whether the scope was granted. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** Whether the role was granted. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The subject, as {@link Principal} names it. */
    @Override
    public String getName() {
        return subject;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Caller c
                && c.subject.equals(subject)
                && java.util.Objects.equals(c.clientId, clientId)
                && c.scopes.equals(scopes)
                && c.roles.equals(roles)
                && java.util.Objects.equals(c.tenant, tenant);
    }

    @Override
    public int hashCode() {
        return subject.hashCode();
    }

    @Override
    public String toString() {
        return "Caller[subject=" + subject + (clientId != null ? ", client=" + clientId : "") + ", scopes=" + scopes
                + ", roles=" + roles + (tenant != null ? ", tenant=" + tenant : "") + "]";
    }
}
