package dev.chassis.security.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.core.client.ClientConfig;
import dev.chassis.core.client.ClientsConfig;
import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigProblem;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import dev.chassis.security.config.SecurityConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The module's parts, built from the {@code security} section once its settings pass the start-up
 * checks (an issuer or introspection endpoint; HTTPS; a client ID where client credentials are
 * used), and the lifecycle that fetches the key set at start and stops its refreshes. Thread-safe.
 */
public final class SecurityRuntime {
    private static final Logger log = LoggerFactory.getLogger(SecurityRuntime.class);

    private final SecurityConfig config;
    private final @Nullable KeySet keys;
    private final Authenticator authenticator;
    private final @Nullable ServiceTokens tokens;
    private final SecurityMeters meters;
    private final ScheduledExecutorService scheduler;
    private final SecurityFilter filter;

    private SecurityRuntime(
            SecurityConfig config, AdminConfig admin, ObjectMapper json, Executor executor, SecurityMeters meters) {
        this.config = config;
        this.meters = meters;
        SecurityConfig.Jwt jwt = config.jwt();
        SecureUris uris = new SecureUris(jwt.allowInsecureHttp());
        Http http = new Http(jwt.jwksTimeout());
        IssuerMetadata metadata = new IssuerMetadata(
                jwt.issuer(),
                jwt.jwksUri(),
                config.clientCredentials().tokenUri(),
                config.introspection().uri(),
                http,
                json,
                jwt.jwksTimeout(),
                uris);
        long skew = config.clockSkew().toMillis();
        JwtVerifier verifier = null;
        if (!jwt.issuer().isEmpty()) {
            keys = new KeySet(jwt, metadata, http, meters, System::nanoTime);
            verifier = new JwtVerifier(jwt, skew, keys, System::currentTimeMillis);
        } else {
            keys = null;
        }
        Introspector introspector = config.introspection().uri().isEmpty()
                ? null
                : new Introspector(config.introspection(), jwt, skew, metadata, http, json, System::currentTimeMillis);
        TokenCache cache = new TokenCache(
                config.cache().maxEntries(), config.cache().maxTtl().toMillis(), System::currentTimeMillis);
        this.authenticator = new Authenticator(verifier, introspector, cache, meters);
        this.tokens = config.clientCredentials().clientId().isEmpty()
                ? null
                : new ServiceTokens(
                        config.clientCredentials(), metadata, http, json, executor, meters, System::currentTimeMillis);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chassis-security-keys");
            t.setDaemon(true);
            return t;
        });
        this.filter = new SecurityFilter(authenticator, config, admin);
    }

    /**
     * Checks the settings and builds the parts.
     *
     * @throws ConfigException naming every key in the way, with its source
     */
    public static SecurityRuntime create(
            BoundConfig bound,
            ClientsConfig clients,
            AdminConfig admin,
            ObjectMapper json,
            Executor executor,
            SecurityMeters meters) {
        SecurityConfig config = bound.get(SecurityConfig.SECTION);
        List<ConfigProblem> problems = new ArrayList<>();
        SecurityConfig.Jwt jwt = config.jwt();
        SecureUris uris = new SecureUris(jwt.allowInsecureHttp());
        if (config.enabled()
                && jwt.issuer().isEmpty()
                && config.introspection().uri().isEmpty()) {
            problems.add(problem(
                    bound,
                    "security.jwt.issuer",
                    "",
                    "missing (expected: the issuer whose tokens the service accepts, or security.introspection.uri)"));
        }
        checkUri(bound, problems, uris, "security.jwt.issuer", jwt.issuer());
        checkUri(bound, problems, uris, "security.jwt.jwks-uri", jwt.jwksUri());
        checkUri(
                bound,
                problems,
                uris,
                "security.introspection.uri",
                config.introspection().uri());
        checkUri(
                bound,
                problems,
                uris,
                "security.client-credentials.token-uri",
                config.clientCredentials().tokenUri());
        new java.util.TreeMap<>(clients.clients()).forEach((name, c) -> {
            if (needsIdentity(c) && config.clientCredentials().clientId().isEmpty()) {
                problems.add(problem(
                        bound,
                        "security.client-credentials.client-id",
                        "",
                        "missing (expected: the service's client ID, as clients." + name + ".auth is " + c.auth()
                                + ")"));
            }
            if (needsIdentity(c)
                    && config.clientCredentials().tokenUri().isEmpty()
                    && jwt.issuer().isEmpty()) {
                problems.add(problem(
                        bound,
                        "security.client-credentials.token-uri",
                        "",
                        "missing (expected: the token endpoint, or security.jwt.issuer to discover it)"));
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().distinct().toList());
        }
        if (!config.enabled()) {
            log.warn("security.enabled is false: requests are not authenticated");
        } else if (jwt.audience().isEmpty() && !jwt.issuer().isEmpty()) {
            log.warn("security.jwt.audience is empty: tokens of {} for any audience are accepted", jwt.issuer());
        }
        return new SecurityRuntime(config, admin, json, executor, meters);
    }

    private static boolean needsIdentity(ClientConfig c) {
        return c.auth().equals(OutboundCredentials.CLIENT_CREDENTIALS)
                || c.auth().equals(OutboundCredentials.RELAY_OR_CLIENT_CREDENTIALS);
    }

    private static void checkUri(
            BoundConfig bound, List<ConfigProblem> problems, SecureUris uris, String key, String value) {
        if (value.isEmpty()) {
            return;
        }
        String problem = uris.problem(value);
        if (problem != null) {
            problems.add(problem(bound, key, value, problem));
        }
    }

    private static ConfigProblem problem(BoundConfig bound, String key, String value, String message) {
        return new ConfigProblem(key, value, bound.sourceOf(key).orElse("defaults"), message);
    }

    public SecurityFilter filter() {
        return filter;
    }

    public List<OutboundCredentials> credentials() {
        return List.of(
                new OutboundCredentials(OutboundCredentials.RELAY, tokens, meters),
                new OutboundCredentials(OutboundCredentials.CLIENT_CREDENTIALS, tokens, meters),
                new OutboundCredentials(OutboundCredentials.RELAY_OR_CLIENT_CREDENTIALS, tokens, meters));
    }

    /** Fetches the key set before the server binds, and stops refreshing it after the drain. */
    public LifecycleParticipant lifecycle() {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return "security";
            }

            @Override
            public int phase() {
                return PHASE_RESOURCES;
            }

            @Override
            public void start() {
                if (keys != null && config.enabled()) {
                    keys.start(scheduler);
                }
            }

            @Override
            public void stop() throws InterruptedException {
                scheduler.shutdownNow();
                scheduler.awaitTermination(Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS);
            }
        };
    }
}
