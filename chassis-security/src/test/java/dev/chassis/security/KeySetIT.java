package dev.chassis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestResponse;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The issuer's key set: rotation, outages and bad answers, while the service keeps serving. */
class KeySetIT {
    @RegisterExtension
    @Order(1)
    static final FakeAuthorizationServer issuer = FakeAuthorizationServer.start();

    /** A fresh service per test; unknown kids may fetch at once, cached tokens live 1 s. */
    @RegisterExtension
    @Order(2)
    final ChassisExtension app = ChassisExtension.of(SecuredService::create)
            .config("security.jwt.issuer", issuer.issuer())
            .config("security.jwt.jwks-min-refresh-interval", "0s")
            .config("security.cache.max-ttl", "1s")
            .build();

    @AfterEach
    void clear() {
        issuer.clearFaults().jwksMaxAge(Duration.ofMinutes(5));
    }

    private TestResponse me(String token) {
        return app.client().get("/me", "Authorization", "Bearer " + token);
    }

    @Test
    void keyRotationNeedsNoRestart() {
        String before = issuer.token().sign();
        me(before).assertStatus(200);
        issuer.rotateKeys();
        String after = issuer.token().sign();
        me(after).assertStatus(200);
        me(before).assertStatus(200);
        assertThat(app.metrics().counter("security.jwks.fetches", "outcome", "success", "trigger", "unknown-kid"))
                .isEqualTo(1);

        issuer.jwksMaxAge(Duration.ofSeconds(1)).retireOldKeys();
        // The next scheduled refresh (after the 5-minute answer) would be late: a token under an
        // unknown kid makes the service fetch now, and the retired key's tokens stop verifying.
        me(issuer.token().signedByUnknownKey()).assertStatus(401);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() ->
                        me(before).assertStatus(401).problem().hasDetail("the token is signed with an unknown key"));
        me(after).assertStatus(200);
    }

    @Test
    void scheduledRefreshFollowsTheKeySetsMaxAge() {
        issuer.jwksMaxAge(Duration.ofSeconds(1));
        me(issuer.token().signedByUnknownKey()).assertStatus(401); // takes the 1 s answer
        issuer.clearRequests();
        // Refreshed about every 0.9 s (a tenth ahead of the 1 s max-age), with no token asking.
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        app.metrics().counter("security.jwks.fetches", "outcome", "success", "trigger", "scheduled")
                                >= 2);
        assertThat(issuer.requests("/jwks")).isGreaterThanOrEqualTo(2);
        // The registry holds the gauges' suppliers strongly: a collection does not turn them to NaN.
        System.gc();
        assertThat(app.metrics().gauge("security.jwks.age")).isBetween(0.0, 3.0);
        assertThat(app.metrics().gauge("security.jwks.keys")).isPositive();
    }

    @Test
    void fetchesForUnknownKeysDoNotAddRefreshSchedules() {
        issuer.jwksMaxAge(Duration.ofSeconds(1));
        for (int i = 0; i < 10; i++) {
            me(issuer.token().signedByUnknownKey()).assertStatus(401); // ten fetches, unlimited here
        }
        double before = scheduled();
        // One refresh schedule about every 0.9 s, whatever fetched last: not one per fetch.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> scheduled() - before <= 4);
    }

    private double scheduled() {
        return app.metrics().counter("security.jwks.fetches", "outcome", "success", "trigger", "scheduled");
    }

    @Test
    void lastGoodKeySetServesWhileTheIssuerIsDown() {
        me(issuer.token().sign()).assertStatus(200);
        issuer.outage(true);
        me(issuer.token().subject("during-outage").sign()).assertStatus(200);
        me(issuer.token().signedByUnknownKey()).assertStatus(401);
        assertThat(app.metrics().counter("security.jwks.fetches", "outcome", "failure", "trigger", "unknown-kid"))
                .isEqualTo(1);
        assertThat(app.logs()
                        .await(e ->
                                e.message().startsWith("cannot fetch the issuer's key set (unknown-kid): answered 503"))
                        .get(0)
                        .message())
                .endsWith("the last good key set stays in use");
        issuer.outage(false);
        me(issuer.token().es256().sign()).assertStatus(200);
    }

    @Test
    void garbageOrHugeKeySetIsRefusedAndTheLastGoodOneServes() {
        me(issuer.token().sign()).assertStatus(200);
        issuer.jwksAnswers(200, "application/json", "{\"keys\": not json".getBytes(StandardCharsets.UTF_8));
        me(issuer.token().signedByUnknownKey()).assertStatus(401);
        app.logs().await(e -> e.message().contains("the answer is not a JWK set"));

        issuer.clearFaults().jwksAnswers(200, "application/json", new byte[10 * 1024 * 1024]);
        me(issuer.token().signedByUnknownKey()).assertStatus(401);
        app.logs().await(e -> e.message().contains("the answer is 10485760 bytes (at most 524288 are read)"));

        issuer.clearFaults()
                .jwksAnswers(
                        200,
                        "application/json",
                        "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}".getBytes(StandardCharsets.UTF_8));
        me(issuer.token().signedByUnknownKey()).assertStatus(401);
        app.logs().await(e -> e.message().contains("the key set holds no usable signing key"));

        me(issuer.token().subject("still-served").sign()).assertStatus(200);
        assertThat(app.metrics().counter("security.jwks.fetches", "outcome", "failure"))
                .isEqualTo(3);
    }

    @Test
    void randomKeyIdsFetchTheKeySetAtMostOncePerInterval() {
        // This test's own service: unknown kids may fetch once per minute.
        try (FakeAuthorizationServer sprayed = FakeAuthorizationServer.start()) {
            ChassisExtension spray = ChassisExtension.of(SecuredService::create)
                    .config("security.jwt.issuer", sprayed.issuer())
                    .config("security.jwt.jwks-min-refresh-interval", "1m")
                    .build();
            spray.beforeAll(null);
            try {
                spray.client()
                        .get("/me", "Authorization", "Bearer " + sprayed.token().sign())
                        .assertStatus(200);
                long fetchesBefore = sprayed.requests("/jwks");
                for (int i = 0; i < 50; i++) {
                    spray.client()
                            .get(
                                    "/me",
                                    "Authorization",
                                    "Bearer "
                                            + sprayed.token()
                                                    .keyId(UUID.randomUUID().toString())
                                                    .signedByUnknownKey())
                            .assertStatus(401);
                }
                assertThat(sprayed.requests("/jwks") - fetchesBefore).isZero();
                assertThat(spray.metrics().counter("security.tokens", "outcome", "refused", "reason", "unknown-key"))
                        .isEqualTo(50);
                spray.client()
                        .get("/me", "Authorization", "Bearer " + sprayed.token().sign())
                        .assertStatus(200);
            } finally {
                spray.afterAll(null);
            }
        }
    }

    @Test
    void issuerDownAtStartIs503UntilItComesBack() {
        try (FakeAuthorizationServer late = FakeAuthorizationServer.start()) {
            late.outage(true);
            ChassisExtension service = ChassisExtension.of(SecuredService::create)
                    .config("security.jwt.issuer", late.issuer())
                    .config("security.jwt.jwks-min-refresh-interval", "0s")
                    .build();
            service.beforeAll(null);
            try {
                String token = late.token().sign();
                service.client()
                        .get("/me", "Authorization", "Bearer " + token)
                        .assertStatus(503)
                        .assertHeader("Retry-After", "5")
                        .problem()
                        .hasDetail("tokens cannot be verified now: the issuer's keys are unavailable");
                late.outage(false);
                service.client().get("/me", "Authorization", "Bearer " + token).assertStatus(200);
            } finally {
                service.afterAll(null);
            }
        }
    }
}
