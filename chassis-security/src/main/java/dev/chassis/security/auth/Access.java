package dev.chassis.security.auth;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.http.AttributeKey;
import dev.chassis.core.http.Routing;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What a route requires of its caller, declared where the route is, in plain Java:
 *
 * <pre>{@code
 * routing.group("/accounts", accounts -> accounts
 *         .get("/{id}", this::find)                                      // the default: a valid token
 *         .with(Access.KEY, Access.scope("accounts:write"))
 *         .put("/{id}/debits/{transferId}", this::debit));
 * Access.publicAccess().on(routing).get("/rates", this::rates);          // the same as routing.with(Access.KEY, ...)
 * Access.role("teller").and(Access.scope("accounts:read")).on(routing).get("/audit", this::audit);
 * Access.require("own tenant", c -> c.tenant().isPresent()).on(routing).get("/tenant", this::tenant);
 * }</pre>
 *
 * <p>A route without a declaration takes {@code security.default-access} ({@code authenticated}
 * by default). A caller without a valid token gets 401; one whose token lacks what the route asks
 * gets 403 ({@code error="insufficient_scope"}). Immutable and thread-safe.
 */
public final class Access {
    /** The route attribute that carries a route's requirement. */
    public static final AttributeKey<Access> KEY = AttributeKey.of("access", Access.class);

    private static final Access PUBLIC = new Access("public", null, Set.of());
    private static final Access AUTHENTICATED = new Access("authenticated", c -> true, Set.of());

    private final String description;
    private final @Nullable Predicate<Caller> rule;
    private final Set<String> scopes;

    private Access(String description, @Nullable Predicate<Caller> rule, Set<String> scopes) {
        this.description = description;
        this.rule = rule;
        this.scopes = scopes;
    }

    /** No token needed; a valid one, when sent, still names the caller. */
    public static Access publicAccess() {
        return PUBLIC;
    }

    /** A valid token. */
    public static Access authenticated() {
        return AUTHENTICATED;
    }

    /**
     * A valid token granting every one of these scopes.
     *
     * @throws IllegalArgumentException if none is given or one is blank or holds a space
     */
    public static Access scope(String... scopes) {
        Set<String> all = Set.of(scopes);
        if (all.isEmpty() || all.stream().anyMatch(s -> s.isBlank() || s.contains(" ") || s.contains("\""))) {
            throw new IllegalArgumentException(
                    "scopes: " + List.of(scopes) + " (expected: at least one, without spaces or quotes)");
        }
        return new Access(
                "scope " + String.join(" ", all.stream().sorted().toList()),
                c -> c.scopes().containsAll(all),
                all);
    }

    /**
     * A valid token granting this role.
     *
     * @throws IllegalArgumentException if the role is blank
     */
    public static Access role(String role) {
        requireNonNull(role, "role");
        if (role.isBlank()) {
            throw new IllegalArgumentException("role: '' (expected: a role name)");
        }
        return new Access("role " + role, c -> c.hasRole(role), Set.of());
    }

    /**
     * A valid token whose caller passes a test.
     *
     * @param description what is required, for logs
     */
    public static Access require(String description, Predicate<Caller> rule) {
        return new Access(requireNonNull(description, "description"), requireNonNull(rule, "rule"), Set.of());
    }

    /** Both this and the other requirement; public access counts as no requirement. */
    public Access and(Access other) {
        requireNonNull(other, "other");
        if (rule == null) {
            return other;
        }
        if (other.rule == null) {
            return this;
        }
        Predicate<Caller> mine = rule;
        Predicate<Caller> theirs = other.rule;
        Set<String> both = new java.util.HashSet<>(scopes);
        both.addAll(other.scopes);
        return new Access(
                description + " and " + other.description, c -> mine.test(c) && theirs.test(c), Set.copyOf(both));
    }

    /** A view of the routing whose routes require this: {@code routing.with(Access.KEY, this)}. */
    public Routing on(Routing routing) {
        return routing.with(KEY, this);
    }

    /** Whether a route with this requirement is open to a request without a token. */
    public boolean isPublic() {
        return rule == null;
    }

    /** Whether the caller may call a route with this requirement. */
    public boolean permits(Caller caller) {
        return rule == null || rule.test(caller);
    }

    /** The scopes required, for the {@code scope} of an {@code insufficient_scope} answer. */
    public Set<String> scopes() {
        return scopes;
    }

    @Override
    public String toString() {
        return "Access[" + description + "]";
    }
}
