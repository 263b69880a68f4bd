package dev.chassis.testkit.security;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.core.lifecycle.ServiceState;
import dev.chassis.testkit.security.internal.IssuerComponent;
import dev.chassis.testkit.security.internal.IssuerRoutes;
import dev.chassis.testkit.security.internal.IssuerState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fake OAuth 2.0 authorization server on a real socket of 127.0.0.1: a discovery document at
 * {@code /.well-known/openid-configuration}, its key set at {@code /jwks} (an RSA key for RS256 and
 * an EC P-256 key for ES256, with {@code Cache-Control: max-age}), a token endpoint for the
 * client-credentials grant and an introspection endpoint; keys that rotate on demand, an outage
 * switch, and bad answers a test can put in place of good ones. It mints tokens with {@link
 * #token()}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FakeAuthorizationServer issuer = FakeAuthorizationServer.start();
 * @RegisterExtension
 * static final ChassisExtension app = ChassisExtension.of(c -> DaggerOrdersComponent.factory().create(c).service())
 *         .config("security.jwt.issuer", issuer.issuer())
 *         .config("security.jwt.audience", FakeAuthorizationServer.AUDIENCE)
 *         .build();
 *
 * app.client().get("/orders/7", "Authorization", "Bearer " + issuer.token().scope("orders:read").sign());
 * }</pre>
 *
 * <p>It starts when created and stops after the test class (as a JUnit extension) or on {@link
 * #close()}. Thread-safe.
 */
public final class FakeAuthorizationServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    /** The audience tokens carry unless told otherwise. */
    public static final String AUDIENCE = "chassis-test";

    private final IssuerState state = new IssuerState();
    private final Service service;
    private volatile String issuer = "";
    /** The class that registered it: nested classes inherit the extension, and must not stop it. */
    private volatile @org.jspecify.annotations.Nullable String owner;

    private FakeAuthorizationServer(String host, int port) {
        String yaml = "service: {name: fake-issuer, version: '1'}\n"
                + "server: {host: '" + host + "', port: " + port + "}\n"
                + "lifecycle: {propagation-delay: 0s, grace-period: 100ms}\n";
        IssuerRoutes routes = new IssuerRoutes(state, () -> issuer, AUDIENCE);
        this.service = IssuerComponent.create(
                        Config.builder().yaml("fake-issuer", yaml).build(), routes, state)
                .service();
        service.start();
        this.issuer = "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + service.port();
    }

    /** Starts one on an ephemeral port of 127.0.0.1. */
    public static FakeAuthorizationServer start() {
        return new FakeAuthorizationServer("127.0.0.1", 0);
    }

    /**
     * Starts one on this host and port.
     *
     * @throws dev.chassis.core.common.ChassisException if the port cannot be bound
     */
    public static FakeAuthorizationServer start(String host, int port) {
        return new FakeAuthorizationServer(requireNonNull(host, "host"), port);
    }

    /** The issuer identifier, {@code http://127.0.0.1:<port>}: the tokens' {@code iss}. */
    public String issuer() {
        return issuer;
    }

    /** The bound port. */
    public int port() {
        return service.port();
    }

    /** The key set's URI. */
    public String jwksUri() {
        return issuer + IssuerRoutes.JWKS;
    }

    /** The token endpoint's URI. */
    public String tokenUri() {
        return issuer + IssuerRoutes.TOKEN;
    }

    /** The introspection endpoint's URI. */
    public String introspectionUri() {
        return issuer + IssuerRoutes.INTROSPECT;
    }

    /** A token to build: subject {@code alice}, audience {@link #AUDIENCE}, valid five minutes, RS256. */
    public TokenBuilder token() {
        return new TokenBuilder(issuer, state);
    }

    /**
     * Registers a client for the client-credentials grant and for introspection (as the resource
     * server's own credentials).
     *
     * @param scopes what it may ask for; it gets all of them when it names none
     */
    public FakeAuthorizationServer client(String clientId, String secret, String... scopes) {
        state.client(new IssuerState.Client(
                requireNonNull(clientId, "clientId"), requireNonNull(secret, "secret"), List.of(scopes)));
        return this;
    }

    /**
     * An opaque token that only introspection can read: active for {@code lifetime}, with these
     * scopes.
     */
    public String opaqueToken(String subject, Duration lifetime, String... scopes) {
        String token = "opaque-" + UUID.randomUUID();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", requireNonNull(subject, "subject"));
        claims.put("scope", String.join(" ", scopes));
        claims.put("client_id", "fake-client");
        claims.put("iss", issuer);
        claims.put("aud", AUDIENCE);
        claims.put("exp", Instant.now().plus(lifetime).getEpochSecond());
        state.opaque(token, new IssuerState.Opaque(claims));
        return token;
    }

    /**
     * New signing keys: tokens minted from now on carry new {@code kid}s; the old keys stay in the
     * key set (tokens signed with them still verify) until {@link #retireOldKeys()}.
     */
    public FakeAuthorizationServer rotateKeys() {
        state.rotate();
        return this;
    }

    /** Stops publishing every key but the current ones. */
    public FakeAuthorizationServer retireOldKeys() {
        state.retireOldKeys();
        return this;
    }

    /** The key IDs the key set holds now. */
    public List<String> keyIds() {
        return state.jwks().getKeys().stream().map(k -> k.getKeyID()).toList();
    }

    /** The {@code Cache-Control: max-age} of the key set (5 minutes unless set). */
    public FakeAuthorizationServer jwksMaxAge(Duration maxAge) {
        state.jwksMaxAge(requireNonNull(maxAge, "maxAge"));
        return this;
    }

    /** The lifetime of tokens from the token endpoint (5 minutes unless set). */
    public FakeAuthorizationServer tokenLifetime(Duration lifetime) {
        state.tokenLifetime(requireNonNull(lifetime, "lifetime"));
        return this;
    }

    /** Makes the token endpoint take this long to answer (zero unless set). */
    public FakeAuthorizationServer tokenDelay(Duration delay) {
        state.tokenDelay(requireNonNull(delay, "delay"));
        return this;
    }

    /** While on, every endpoint answers 503, as an issuer that is down behind its load balancer. */
    public FakeAuthorizationServer outage(boolean on) {
        state.clearFaults();
        if (on) {
            state.fault(new IssuerState.Fault(
                    "", 503, "text/plain", "issuer unavailable".getBytes(StandardCharsets.UTF_8)));
        }
        return this;
    }

    /** Answers the key set with this body (garbage, a huge one) until {@link #clearFaults()}. */
    public FakeAuthorizationServer jwksAnswers(int status, String contentType, byte[] body) {
        state.fault(new IssuerState.Fault(IssuerRoutes.JWKS, status, contentType, body.clone()));
        return this;
    }

    /** Answers the token endpoint with this status and JSON body until {@link #clearFaults()}. */
    public FakeAuthorizationServer tokenAnswers(int status, String json) {
        state.fault(new IssuerState.Fault(
                IssuerRoutes.TOKEN, status, "application/json", json.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** Turns every fault and the outage off. */
    public FakeAuthorizationServer clearFaults() {
        state.clearFaults();
        return this;
    }

    /** Every request so far, as {@code "GET /jwks"}, oldest first. */
    public List<String> requests() {
        return state.requests();
    }

    /** How many requests reached a path. */
    public long requests(String path) {
        return state.requests().stream().filter(r -> r.endsWith(" " + path)).count();
    }

    /** Forgets the requests so far. */
    public FakeAuthorizationServer clearRequests() {
        state.clearRequests();
        return this;
    }

    /** The settings a service with chassis-security takes to trust this issuer. */
    public Map<String, String> serviceConfig() {
        return Map.of("security.jwt.issuer", issuer, "security.jwt.audience", AUDIENCE);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (owner == null) {
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            close();
        }
    }

    @Override
    public void close() {
        if (service.state() != ServiceState.STOPPED) {
            service.stop();
        }
    }
}
