package dev.chassis.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.LogEvent;
import dev.chassis.testkit.TestResponse;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a request gets for each token a client can send, good and bad, on a real socket. */
class AuthenticationIT {
    @RegisterExtension
    @Order(1)
    static final FakeAuthorizationServer issuer = FakeAuthorizationServer.start();

    /** Another issuer: the attacker's own, whose key set a hostile token points at. */
    @RegisterExtension
    @Order(2)
    static final FakeAuthorizationServer elsewhere = FakeAuthorizationServer.start();

    @RegisterExtension
    @Order(3)
    static final ChassisExtension app = ChassisExtension.of(SecuredService::create)
            .config("security.jwt.issuer", issuer.issuer())
            .config("security.jwt.audience", FakeAuthorizationServer.AUDIENCE)
            .config("security.realm", "tests")
            .build();

    /** Every token sent in this class, to look for in the logs afterwards. */
    private static final List<String> sent = new ArrayList<>();

    private static TestResponse me(String token) {
        sent.add(token);
        return app.client().get("/me", "Authorization", "Bearer " + token);
    }

    private static void assertInvalidToken(TestResponse r, String description) {
        r.assertStatus(401)
                .assertHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"tests\", error=\"invalid_token\", error_description=\"" + description + "\"");
        r.problem().hasStatus(401).hasTitle("Unauthorized").hasDetail(description);
        assertThat(r.header("Content-Type")).hasValue("application/problem+json");
    }

    private double refused(String reason) {
        return app.metrics().counter("security.tokens", "outcome", "refused", "reason", reason);
    }

    @Test
    void validTokenReachesTheHandlerWithItsCaller() {
        TestResponse r = me(issuer.token()
                .subject("bob")
                .scope("accounts:read accounts:write")
                .claim("client_id", "mobile-app")
                .claim("roles", List.of("teller"))
                .claim("tenant", "acme")
                .sign());
        r.assertStatus(200)
                .assertJson("{\"clientId\":\"mobile-app\",\"roles\":[\"teller\"],"
                        + "\"scopes\":[\"accounts:read\",\"accounts:write\"],\"subject\":\"bob\",\"tenant\":\"acme\"}");
    }

    @Test
    void es256TokenIsAcceptedToo() {
        me(issuer.token().subject("carol").es256().sign()).assertStatus(200);
        assertThat(app.client()
                        .get(
                                "/me",
                                "Authorization",
                                "Bearer "
                                        + issuer.token()
                                                .subject("carol")
                                                .es256()
                                                .sign())
                        .tree()
                        .path("subject")
                        .asText())
                .isEqualTo("carol");
    }

    @Test
    void noTokenIs401WithAChallengeAndNoErrorCode() {
        TestResponse r = app.client().get("/me");
        r.assertStatus(401).assertHeader("WWW-Authenticate", "Bearer realm=\"tests\"");
        r.problem().hasDetail("a bearer token is required");
    }

    @Test
    void otherSchemeIsTreatedAsNoToken() {
        app.client()
                .get("/me", "Authorization", "Basic YWxpY2U6c2VjcmV0")
                .assertStatus(401)
                .assertHeader("WWW-Authenticate", "Bearer realm=\"tests\"");
    }

    @Test
    void bearerWithoutATokenIsAnInvalidRequest() {
        TestResponse r = app.client().get("/me", "Authorization", "Bearer ");
        r.assertStatus(401)
                .assertHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"tests\", error=\"invalid_request\", error_description=\"the Bearer credential has"
                                + " no token\"");
    }

    @Test
    void twoAuthorizationFieldsAreAnInvalidRequest() {
        String good = issuer.token().sign();
        sent.add(good);
        TestResponse r = app.client().get("/me", "Authorization", "Bearer " + good, "Authorization", "Bearer " + good);
        r.assertStatus(401)
                .assertHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"tests\", error=\"invalid_request\", error_description=\"the request has more"
                                + " than one Authorization field\"");
    }

    @Test
    void expiredTokenIsRefused() {
        double before = refused("expired");
        assertInvalidToken(me(issuer.token().expiredAgo(Duration.ofMinutes(2)).sign()), "the token has expired");
        assertThat(refused("expired")).isEqualTo(before + 1);
    }

    @Test
    void tokenExpiredWithinTheClockSkewIsStillAccepted() {
        me(issuer.token().expiredAgo(Duration.ofSeconds(10)).sign()).assertStatus(200);
    }

    @Test
    void tokenFromAnotherIssuerIsRefused() {
        assertInvalidToken(
                me(issuer.token().issuer("https://login.elsewhere.example").sign()),
                "the token is from another issuer");
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        assertInvalidToken(
                me(issuer.token().audience("billing-service").sign()), "the token is not meant for this service");
    }

    @Test
    void tokenNotValidYetOrIssuedInTheFutureIsRefused() {
        assertInvalidToken(
                me(issuer.token().notBefore(Instant.now().plusSeconds(120)).sign()), "the token is not valid yet");
        assertInvalidToken(
                me(issuer.token()
                        .issuedAt(Instant.now().plusSeconds(120))
                        .expiresIn(Duration.ofMinutes(5))
                        .sign()),
                "the token is issued in the future");
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        assertInvalidToken(me(issuer.token().withoutExpiry().sign()), "the token has no expiry");
    }

    @Test
    void tokenSignedByAnUnknownKeyIsRefused() {
        assertInvalidToken(me(issuer.token().signedByUnknownKey()), "the token is signed with an unknown key");
        assertInvalidToken(me(issuer.token().forgedWithKnownKeyId()), "the token's signature is not valid");
    }

    @Test
    void unsignedTokenIsRefused() {
        assertInvalidToken(me(issuer.token().unsigned()), "the token is not signed");
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() {
        assertInvalidToken(me(issuer.token().hmacWithPublicKey()), "the token's signing algorithm is not accepted");
    }

    @Test
    void encryptedTokenIsRefused() {
        assertInvalidToken(me(issuer.token().encrypted()), "encrypted tokens are not accepted");
    }

    @Test
    void hugeTokenIsRefusedBeforeAnyParsing() {
        String huge = issuer.token().paddedTo(100 * 1024).sign();
        assertThat(huge.length()).isGreaterThan(100 * 1024 - 2048);
        // The server's header limit (16 KiB) answers first: a 431 without reading the token.
        sent.add(huge);
        app.client().get("/me", "Authorization", "Bearer " + huge).assertStatus(431);
        String big = issuer.token().paddedTo(12 * 1024).sign();
        assertInvalidToken(me(big), "the token is longer than 8192 characters");
    }

    @Test
    void garbageIsMalformed() {
        assertInvalidToken(me("not.a.jwt"), "the token is not a well-formed JWT");
        assertInvalidToken(me("abc\"def"), "the token holds characters a bearer token cannot");
    }

    @Test
    void keyUrlsInTheTokenAreNeverFollowed() {
        String jku = elsewhere
                .token()
                .jku(URI.create(elsewhere.jwksUri()))
                .x5u(URI.create(elsewhere.issuer() + "/cert.pem"))
                .keyId(issuer.keyIds().stream()
                        .filter(k -> k.startsWith("rsa-"))
                        .findFirst()
                        .orElseThrow())
                .sign();
        assertInvalidToken(me(jku), "the token's signature is not valid");
        assertThat(elsewhere.requests()).isEmpty();
    }

    @Test
    void verifiedTokenIsCachedByItsHash() {
        String token = issuer.token().subject("dave").sign();
        me(token).assertStatus(200);
        double cachedBefore = app.metrics().counter("security.tokens", "outcome", "accepted", "reason", "cached");
        me(token).assertStatus(200);
        me(token).assertStatus(200);
        assertThat(app.metrics().counter("security.tokens", "outcome", "accepted", "reason", "cached"))
                .isEqualTo(cachedBefore + 2);
    }

    @Test
    void callerIsCarriedToOtherThreadsOfTheRequest() {
        me(issuer.token().subject("erin").sign());
        app.client()
                .get("/me/later", "Authorization", "Bearer " + sent.get(sent.size() - 1))
                .assertStatus(200)
                .assertJson("{\"subject\":\"erin\"}");
    }

    @Test
    void subjectIsInTheMdcOfTheHandlersLogLines() {
        TestResponse r = me(issuer.token().subject("frank").sign()).assertStatus(200);
        LogEvent line = app.logs()
                .await(e -> e.message().equals("handled for the caller")
                        && r.correlationId().equals(e.correlationId()))
                .get(0);
        assertThat(line.field("subject")).isEqualTo("frank");
        LogEvent access = app.logs()
                .await(e -> e.logger().equals("access") && r.correlationId().equals(e.correlationId()))
                .get(0);
        assertThat(access.field("subject")).isEqualTo("frank");
    }

    @AfterAll
    static void noTokenReachedAnyLogLine() {
        List<String> lines =
                app.logs().events().stream().map(LogEvent::toString).toList();
        assertThat(sent).isNotEmpty();
        for (String token : sent) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            for (String line : lines) {
                assertThat(line).doesNotContain(token);
                if (signature.length() > 16) {
                    assertThat(line).doesNotContain(signature);
                }
            }
        }
    }
}
