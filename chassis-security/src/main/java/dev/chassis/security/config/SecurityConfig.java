package dev.chassis.security.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.chassis.core.common.Checks;
import dev.chassis.core.config.ConfigSection;
import dev.chassis.core.config.DataSize;
import dev.chassis.security.auth.Access;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code security} section. Every key has a default; a service sets at least
 * {@code jwt.issuer} (or {@code introspection.uri}).
 *
 * <pre>{@code
 * security:
 *   jwt:
 *     issuer: https://login.example.com/realms/bank     # jwks_uri from its discovery document
 *     audience: [accounts-service]
 *   client-credentials: {client-id: transfers-service, client-secret: ${CLIENT_SECRET}}
 * }</pre>
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code enabled}</td><td>true</td><td>false lets every request through unauthenticated, and logs a warning at start</td></tr>
 * <tr><td>{@code default-access}</td><td>{@code authenticated}</td><td>what a route that declares no {@link Access} requires: {@code authenticated} or {@code public}</td></tr>
 * <tr><td>{@code admin-access}</td><td>{@code health-public}</td><td>health, info and metrics on the main port (with a separate {@code admin.port} they are served only there, open): {@code health-public} (the health paths open, the others need a token), {@code authenticated}, {@code public}</td></tr>
 * <tr><td>{@code realm}</td><td>empty</td><td>the {@code realm} of {@code WWW-Authenticate}; empty leaves it out</td></tr>
 * <tr><td>{@code clock-skew}</td><td>30s</td><td>allowed for {@code exp}, {@code nbf} and {@code iat}</td></tr>
 * <tr><td>{@code max-token-length}</td><td>8KiB</td><td>longer tokens are refused before any parsing</td></tr>
 * <tr><td>{@code cache.max-entries}</td><td>10000</td><td>verified tokens kept by their SHA-256; 0 turns the cache off</td></tr>
 * <tr><td>{@code cache.max-ttl}</td><td>5m</td><td>how long a verified token is kept at most (never past its {@code exp})</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param enabled whether requests are authenticated at all
 * @param defaultAccess what a route without a declaration requires
 * @param adminAccess what health, info and metrics require on the main port
 * @param realm the {@code WWW-Authenticate} realm
 * @param clockSkew leeway for the time claims
 * @param maxTokenLength the longest token read
 * @param cache the cache of verified tokens
 * @param jwt JWT bearer tokens
 * @param introspection opaque tokens
 * @param clientCredentials the service's own identity for outbound calls
 */
public record SecurityConfig(
        boolean enabled,
        DefaultAccess defaultAccess,
        AdminAccess adminAccess,
        String realm,
        Duration clockSkew,
        DataSize maxTokenLength,
        Cache cache,
        Jwt jwt,
        Introspection introspection,
        ClientCredentials clientCredentials) {

    /** The section this record binds. */
    public static final ConfigSection<SecurityConfig> SECTION =
            ConfigSection.of("security", SecurityConfig.class, defaults());

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException naming the first invalid key
     */
    public SecurityConfig {
        requireNonNull(defaultAccess, "default-access");
        requireNonNull(adminAccess, "admin-access");
        requireNonNull(realm, "realm");
        if (realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("realm: '" + realm + "' (expected: visible ASCII without \" or \\)");
        }
        Checks.between("clock-skew", clockSkew, Duration.ZERO, Duration.ofMinutes(10));
        if (maxTokenLength == null || maxTokenLength.bytes() < 256 || maxTokenLength.bytes() > 65_536) {
            throw new IllegalArgumentException("max-token-length: " + maxTokenLength + " (expected: 256 to 64KiB)");
        }
        requireNonNull(cache, "cache");
        requireNonNull(jwt, "jwt");
        requireNonNull(introspection, "introspection");
        requireNonNull(clientCredentials, "client-credentials");
    }

    /** The defaults listed above, with no issuer. */
    public static SecurityConfig defaults() {
        return new SecurityConfig(
                true,
                DefaultAccess.AUTHENTICATED,
                AdminAccess.HEALTH_PUBLIC,
                "",
                Duration.ofSeconds(30),
                DataSize.ofKibibytes(8),
                Cache.defaults(),
                Jwt.defaults(),
                Introspection.defaults(),
                ClientCredentials.defaults());
    }

    /** A copy with this {@code jwt} section. */
    public SecurityConfig withJwt(Jwt jwt) {
        return new SecurityConfig(
                enabled,
                defaultAccess,
                adminAccess,
                realm,
                clockSkew,
                maxTokenLength,
                cache,
                jwt,
                introspection,
                clientCredentials);
    }

    /** What a route that declares no {@link Access} requires. */
    public enum DefaultAccess {
        /** A valid token: a route is public only where its routing says so. */
        AUTHENTICATED,
        /** Nothing: a route is protected only where its routing says so. */
        PUBLIC;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What health, info and metrics require when they share the main port. */
    public enum AdminAccess {
        /** The health paths open (probes, Consul checks); info, metrics and other admin routes need a token. */
        HEALTH_PUBLIC,
        /** Every admin route needs a token. */
        AUTHENTICATED,
        /** Every admin route is open. */
        PUBLIC;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The cache of verified tokens, {@code security.cache}.
     *
     * @param maxEntries tokens kept at most; 0 keeps none
     * @param maxTtl how long one is kept at most
     */
    public record Cache(int maxEntries, Duration maxTtl) {
        /** @throws IllegalArgumentException naming the first invalid key */
        public Cache {
            if (maxEntries < 0 || maxEntries > 1_000_000) {
                throw new IllegalArgumentException("max-entries: " + maxEntries + " (expected: 0-1000000)");
            }
            Checks.between("max-ttl", maxTtl, Duration.ofSeconds(1), Duration.ofHours(1));
        }

        /** 10000 entries, 5 minutes. */
        public static Cache defaults() {
            return new Cache(10_000, Duration.ofMinutes(5));
        }
    }

    /**
     * JWT bearer tokens, {@code security.jwt}.
     *
     * <table>
     * <caption>Keys and defaults</caption>
     * <tr><th>key</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code issuer}</td><td>empty</td><td>the {@code iss} tokens must carry; its {@code /.well-known/openid-configuration} names the key set unless {@code jwks-uri} does. Empty: JWTs are not accepted</td></tr>
     * <tr><td>{@code audience}</td><td>[]</td><td>a token's {@code aud} must hold one of these; empty checks no audience (a warning at start)</td></tr>
     * <tr><td>{@code jwks-uri}</td><td>empty</td><td>the key set, instead of the discovered one</td></tr>
     * <tr><td>{@code algorithms}</td><td>[RS256, ES256, EdDSA]</td><td>the only algorithms accepted; {@code none} and HMAC ones cannot be listed</td></tr>
     * <tr><td>{@code allow-insecure-http}</td><td>false</td><td>an {@code http:} issuer or key set on another host than loopback; refused at start otherwise</td></tr>
     * <tr><td>{@code jwks-ttl}</td><td>5m</td><td>how long a key set is used when its answer has no {@code Cache-Control: max-age} (which, when present, is kept to between {@code jwks-min-refresh-interval} and 24h)</td></tr>
     * <tr><td>{@code jwks-min-refresh-interval}</td><td>30s</td><td>at most one fetch per interval for tokens with an unknown {@code kid}</td></tr>
     * <tr><td>{@code jwks-timeout}</td><td>5s</td><td>to connect and read a key set or discovery document</td></tr>
     * <tr><td>{@code jwks-max-size}</td><td>512KiB</td><td>a larger answer is refused (the last good key set stays)</td></tr>
     * <tr><td>{@code scope-claims}</td><td>[scope, scp]</td><td>claims holding scopes: a space-separated string or a list</td></tr>
     * <tr><td>{@code roles-claim}</td><td>{@code roles}</td><td>the claim holding roles; dots reach into objects ({@code realm_access.roles})</td></tr>
     * <tr><td>{@code client-id-claims}</td><td>[client_id, azp]</td><td>claims naming the client, the first present wins</td></tr>
     * <tr><td>{@code tenant-claim}</td><td>{@code tenant}</td><td>the claim naming the tenant, when present</td></tr>
     * </table>
     *
     * @param issuer the expected issuer
     * @param audience the accepted audiences
     * @param jwksUri the key set's URI, or empty
     * @param algorithms the accepted algorithms
     * @param allowInsecureHttp whether plain HTTP off loopback is allowed
     * @param jwksTtl key set lifetime without cache headers
     * @param jwksMinRefreshInterval the rate limit of unknown-key fetches
     * @param jwksTimeout fetch timeout
     * @param jwksMaxSize largest key set answer
     * @param scopeClaims claims read for scopes
     * @param rolesClaim claim read for roles
     * @param clientIdClaims claims read for the client ID
     * @param tenantClaim claim read for the tenant
     */
    public record Jwt(
            String issuer,
            List<String> audience,
            String jwksUri,
            List<String> algorithms,
            boolean allowInsecureHttp,
            Duration jwksTtl,
            Duration jwksMinRefreshInterval,
            Duration jwksTimeout,
            DataSize jwksMaxSize,
            List<String> scopeClaims,
            String rolesClaim,
            List<String> clientIdClaims,
            String tenantClaim) {
        /** The algorithms that may be listed. */
        public static final Set<String> ALGORITHMS =
                Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

        /** @throws IllegalArgumentException naming the first invalid key */
        public Jwt {
            requireNonNull(issuer, "issuer");
            audience = List.copyOf(requireNonNull(audience, "audience"));
            requireNonNull(jwksUri, "jwks-uri");
            algorithms = List.copyOf(requireNonNull(algorithms, "algorithms"));
            if (algorithms.isEmpty()) {
                throw new IllegalArgumentException("algorithms: [] (expected: at least one of " + sorted() + ")");
            }
            for (String a : algorithms) {
                if (!ALGORITHMS.contains(a)) {
                    throw new IllegalArgumentException("algorithms: '" + a + "' (expected: one of " + sorted()
                            + "; none and HMAC algorithms are never accepted)");
                }
            }
            Checks.between("jwks-ttl", jwksTtl, Duration.ofSeconds(1), Duration.ofHours(24));
            Checks.between("jwks-min-refresh-interval", jwksMinRefreshInterval, Duration.ZERO, Duration.ofHours(1));
            Checks.between("jwks-timeout", jwksTimeout, Duration.ofMillis(10), Duration.ofMinutes(1));
            if (jwksMaxSize == null || jwksMaxSize.bytes() < 1024 || jwksMaxSize.bytes() > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("jwks-max-size: " + jwksMaxSize + " (expected: 1KiB to 16MiB)");
            }
            scopeClaims = List.copyOf(requireNonNull(scopeClaims, "scope-claims"));
            requireNonNull(rolesClaim, "roles-claim");
            clientIdClaims = List.copyOf(requireNonNull(clientIdClaims, "client-id-claims"));
            requireNonNull(tenantClaim, "tenant-claim");
        }

        private static List<String> sorted() {
            return ALGORITHMS.stream().sorted().toList();
        }

        /** No issuer; the defaults listed above. */
        public static Jwt defaults() {
            return new Jwt(
                    "",
                    List.of(),
                    "",
                    List.of("RS256", "ES256", "EdDSA"),
                    false,
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(5),
                    DataSize.ofKibibytes(512),
                    List.of("scope", "scp"),
                    "roles",
                    List.of("client_id", "azp"),
                    "tenant");
        }

        /** A copy with this issuer and audience. */
        public Jwt withIssuer(String issuer, String... audience) {
            return new Jwt(
                    issuer,
                    List.of(audience),
                    jwksUri,
                    algorithms,
                    allowInsecureHttp,
                    jwksTtl,
                    jwksMinRefreshInterval,
                    jwksTimeout,
                    jwksMaxSize,
                    scopeClaims,
                    rolesClaim,
                    clientIdClaims,
                    tenantClaim);
        }

        /** A copy with this refresh rate limit. */
        public Jwt withJwksMinRefreshInterval(Duration interval) {
            return new Jwt(
                    issuer,
                    audience,
                    jwksUri,
                    algorithms,
                    allowInsecureHttp,
                    jwksTtl,
                    interval,
                    jwksTimeout,
                    jwksMaxSize,
                    scopeClaims,
                    rolesClaim,
                    clientIdClaims,
                    tenantClaim);
        }
    }

    /**
     * Opaque tokens, read by the issuer's introspection endpoint (RFC 7662), {@code security.introspection}.
     * A token that is not a JWT goes there when {@code uri} is set.
     *
     * @param uri the introspection endpoint; empty turns introspection off
     * @param clientId this service's client ID at the endpoint
     * @param clientSecret its secret (masked wherever configuration is printed)
     * @param timeout to connect and read an answer
     */
    public record Introspection(String uri, String clientId, String clientSecret, Duration timeout) {
        /** @throws IllegalArgumentException naming the first invalid key */
        public Introspection {
            requireNonNull(uri, "uri");
            requireNonNull(clientId, "client-id");
            requireNonNull(clientSecret, "client-secret");
            Checks.between("timeout", timeout, Duration.ofMillis(10), Duration.ofMinutes(1));
            if (!uri.isEmpty() && clientId.isEmpty()) {
                throw new IllegalArgumentException(
                        "client-id: '' (expected: this service's client ID at the introspection endpoint)");
            }
        }

        /** Off. */
        public static Introspection defaults() {
            return new Introspection("", "", "", Duration.ofSeconds(5));
        }

        @Override
        public String toString() {
            return "Introspection[uri=" + uri + ", clientId=" + clientId + ", clientSecret=******, timeout=" + timeout
                    + "]";
        }
    }

    /**
     * The service's own identity, for {@code clients.<name>.auth: client-credentials}: the OAuth
     * 2.0 client-credentials grant, {@code security.client-credentials}.
     *
     * @param tokenUri the token endpoint; empty takes the issuer's discovered one
     * @param clientId the service's client ID
     * @param clientSecret its secret (masked wherever configuration is printed)
     * @param scope the scopes asked for, space-separated; empty asks for the client's defaults
     * @param audience an {@code audience} parameter, for issuers that take one; empty sends none
     * @param refreshBefore a token is renewed this long before it expires (or at half its life, if sooner)
     * @param timeout to connect and read an answer
     */
    public record ClientCredentials(
            String tokenUri,
            String clientId,
            String clientSecret,
            String scope,
            String audience,
            Duration refreshBefore,
            Duration timeout) {
        /** @throws IllegalArgumentException naming the first invalid key */
        public ClientCredentials {
            requireNonNull(tokenUri, "token-uri");
            requireNonNull(clientId, "client-id");
            requireNonNull(clientSecret, "client-secret");
            requireNonNull(scope, "scope");
            requireNonNull(audience, "audience");
            Checks.between("refresh-before", refreshBefore, Duration.ZERO, Duration.ofHours(1));
            Checks.between("timeout", timeout, Duration.ofMillis(10), Duration.ofMinutes(1));
        }

        /** No client. */
        public static ClientCredentials defaults() {
            return new ClientCredentials("", "", "", "", "", Duration.ofSeconds(30), Duration.ofSeconds(5));
        }

        @Override
        public String toString() {
            return "ClientCredentials[tokenUri=" + tokenUri + ", clientId=" + clientId + ", clientSecret=******, scope="
                    + scope + ", audience=" + audience + ", refreshBefore=" + refreshBefore + ", timeout=" + timeout
                    + "]";
        }
    }
}
