package dev.chassis.security.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.security.config.SecurityConfig;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What chassis-security spends on a bearer token per request, after the header is split off:
 * the syntax check, the SHA-256 for the cache, and either a full verification (Nimbus: parse,
 * signature with the key set's cached verifier, claims) of an RS256 or ES256 token on a warm key
 * set, or the cache hit of a repeated one. The key set comes from the fake issuer on loopback,
 * fetched once at setup.
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -i 5 TokenVerification}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenVerificationBenchmark {
    private FakeAuthorizationServer issuer;
    private Authenticator uncached;
    private Authenticator cached;
    private String rs256;
    private String es256;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        issuer = FakeAuthorizationServer.start();
        SecurityConfig.Jwt jwt =
                SecurityConfig.Jwt.defaults().withIssuer(issuer.issuer(), FakeAuthorizationServer.AUDIENCE);
        SecurityMeters meters = new SecurityMeters(null);
        Http http = new Http(Duration.ofSeconds(5));
        IssuerMetadata metadata = new IssuerMetadata(
                jwt.issuer(),
                issuer.jwksUri(),
                "",
                "",
                http,
                new ObjectMapper(),
                Duration.ofSeconds(5),
                new SecureUris(false));
        KeySet keys = new KeySet(jwt, metadata, http, meters, System::nanoTime);
        JwtVerifier verifier = new JwtVerifier(jwt, 30_000, keys, System::currentTimeMillis);
        uncached = new Authenticator(verifier, null, new TokenCache(0, 60_000, System::currentTimeMillis), meters);
        cached = new Authenticator(verifier, null, new TokenCache(10_000, 300_000, System::currentTimeMillis), meters);
        rs256 = issuer.token()
                .scope("accounts:read accounts:write")
                .expiresIn(Duration.ofHours(1))
                .sign();
        es256 = issuer.token()
                .scope("accounts:read accounts:write")
                .expiresIn(Duration.ofHours(1))
                .es256()
                .sign();
        // Warm the key set and the cache; a refusal here means the setup is wrong.
        uncached.authenticate(rs256);
        uncached.authenticate(es256);
        cached.authenticate(rs256);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        issuer.close();
    }

    private static Object perRequest(Authenticator authenticator, String token) throws Refusal {
        if (!SecurityFilter.b64token(token)) {
            throw new IllegalStateException("not a token");
        }
        return authenticator.authenticate(token);
    }

    @Benchmark
    public Object rs256Verified() throws Refusal {
        return perRequest(uncached, rs256);
    }

    @Benchmark
    public Object es256Verified() throws Refusal {
        return perRequest(uncached, es256);
    }

    @Benchmark
    public Object repeatedTokenFromTheCache() throws Refusal {
        return perRequest(cached, rs256);
    }
}
