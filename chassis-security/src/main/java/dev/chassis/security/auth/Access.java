package dev.chassis.security.auth;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.http.AttributeKey;
import dev.chassis.core.http.PeerIdentity;
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
 * Access.peerNamed("transfers-service.bank.internal").on(routing).put("/ledger", this::post);   // mTLS, no token
 * Access.scope("accounts:write").or(Access.peerNamed("spiffe://bank/transfers")).on(routing).put("/x", this::x);
 * }</pre>
 *
 * <p>A route without a declaration takes {@code security.default-access} ({@code authenticated}
 * by default). A caller without a valid token gets 401; one whose token lacks what the route asks
 * gets 403 ({@code error="insufficient_scope"}). A requirement on the client certificate
 * ({@link #peer}, {@link #peerNamed}) is met by the peer identity the server's mutual TLS verified
 * ({@link dev.chassis.core.http.Request#peerIdentity()}); a request without a fitting one gets 403.
 * Immutable and thread-safe.
 */
public final class Access {
    /** The route attribute that carries a route's requirement. */
    public static final AttributeKey<Access> KEY = AttributeKey.of("access", Access.class);

    /** A test of what a request presented: the caller of a valid token, the verified client certificate. */
    @FunctionalInterface
    private interface Rule {
        boolean test(@Nullable Caller caller, @Nullable PeerIdentity peer);
    }

    private static final Access PUBLIC = new Access("public", null, false, true, Set.of());
    private static final Access AUTHENTICATED = new Access("authenticated", (c, p) -> c != null, true, true, Set.of());

    private final String description;
    private final @Nullable Rule rule;
    private final boolean needsToken;
    private final boolean acceptsToken;
    private final Set<String> scopes;

    private Access(
            String description, @Nullable Rule rule, boolean needsToken, boolean acceptsToken, Set<String> scopes) {
        this.description = description;
        this.rule = rule;
        this.needsToken = needsToken;
        this.acceptsToken = acceptsToken;
        this.scopes = scopes;
    }

    private static Access ofCaller(String description, Predicate<Caller> test, Set<String> scopes) {
        return new Access(description, (c, p) -> c != null && test.test(c), true, true, scopes);
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
        return ofCaller(
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
        return ofCaller("role " + role, c -> c.hasRole(role), Set.of());
    }

    /**
     * A valid token whose caller passes a test.
     *
     * @param description what is required, for logs
     */
    public static Access require(String description, Predicate<Caller> rule) {
        requireNonNull(rule, "rule");
        return ofCaller(requireNonNull(description, "description"), rule, Set.of());
    }

    /**
     * A client certificate, verified by the server's mutual TLS ({@code server.tls.client-auth}),
     * whose identity passes a test; no token needed. A request without one gets 403.
     *
     * <pre>{@code
     * Access.peer("transfers-service", p -> p.dnsNames().contains("transfers-service.bank.internal"))
     * }</pre>
     *
     * @param description what is required, for logs and the 403's detail
     */
    public static Access peer(String description, Predicate<PeerIdentity> rule) {
        requireNonNull(rule, "rule");
        return new Access(
                "client certificate " + requireNonNull(description, "description"),
                (c, p) -> p != null && rule.test(p),
                false,
                false,
                Set.of());
    }

    /**
     * A client certificate, verified by the server's mutual TLS, naming one of these DNS names or
     * URIs (such as SPIFFE IDs) among its subject alternative names.
     *
     * @throws IllegalArgumentException if none is given or one is blank
     */
    public static Access peerNamed(String... names) {
        Set<String> all = Set.of(names);
        if (all.isEmpty() || all.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("names: " + List.of(names) + " (expected: at least one, not blank)");
        }
        return peer(
                String.join(" or ", all.stream().sorted().toList()),
                p -> p.dnsNames().stream().anyMatch(all::contains)
                        || p.uris().stream().anyMatch(all::contains));
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
        Rule mine = rule;
        Rule theirs = other.rule;
        Set<String> both = new java.util.HashSet<>(scopes);
        both.addAll(other.scopes);
        return new Access(
                description + " and " + other.description,
                (c, p) -> mine.test(c, p) && theirs.test(c, p),
                needsToken || other.needsToken,
                acceptsToken && other.acceptsToken,
                Set.copyOf(both));
    }

    /**
     * This or the other requirement, as when services move from tokens to client certificates:
     * {@code Access.scope("accounts:write").or(Access.peerNamed("transfers-service"))}. Public
     * access on either side makes the whole public.
     */
    public Access or(Access other) {
        requireNonNull(other, "other");
        if (rule == null || other.rule == null) {
            return PUBLIC;
        }
        Rule mine = rule;
        Rule theirs = other.rule;
        Set<String> either = new java.util.HashSet<>(scopes);
        either.addAll(other.scopes);
        return new Access(
                "(" + description + " or " + other.description + ")",
                (c, p) -> mine.test(c, p) || theirs.test(c, p),
                needsToken && other.needsToken,
                acceptsToken || other.acceptsToken,
                Set.copyOf(either));
    }

    /** A view of the routing whose routes require this: {@code routing.with(Access.KEY, this)}. */
    public Routing on(Routing routing) {
        return routing.with(KEY, this);
    }

    /** Whether a route with this requirement is open to a request without a token. */
    public boolean isPublic() {
        return rule == null;
    }

    /**
     * Whether a request must carry a valid token (401 without one); false for public access and
     * for requirements a client certificate alone can meet.
     */
    public boolean needsToken() {
        return needsToken;
    }

    /**
     * Whether a valid token of the right caller can meet this requirement without a client
     * certificate; false for requirements on the certificate only. A request with neither gets
     * 401 and a Bearer challenge when this is true, 403 otherwise.
     */
    public boolean acceptsToken() {
        return acceptsToken;
    }

    /** Whether the caller may call a route with this requirement, without a client certificate. */
    public boolean permits(Caller caller) {
        return permits(requireNonNull(caller, "caller"), null);
    }

    /**
     * Whether a request may call a route with this requirement.
     *
     * @param caller the caller of its valid token; null without one
     * @param peer its verified client certificate; null without one
     */
    public boolean permits(@Nullable Caller caller, @Nullable PeerIdentity peer) {
        return rule == null || rule.test(caller, peer);
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
