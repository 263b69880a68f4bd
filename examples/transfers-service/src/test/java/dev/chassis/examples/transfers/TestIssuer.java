package dev.chassis.examples.transfers;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestClient;
import dev.chassis.testkit.TestResponse;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import java.time.Duration;

/**
 * SimpleBank's issuer in transfers-service's tests: one fake authorization server for the test JVM
 * that knows transfers-service as a client, and a caller's token allowed to move money.
 */
final class TestIssuer {
    static final String CLIENT_SECRET = "transfers-test-secret";
    static final FakeAuthorizationServer ISSUER =
            FakeAuthorizationServer.start().client("transfers-service", CLIENT_SECRET, "accounts:write");
    static final String CALLER = ISSUER.token()
            .subject("alice")
            .scope("accounts:write")
            .expiresIn(Duration.ofHours(1))
            .sign();

    private TestIssuer() {}

    /** The service trusts the fake issuer and is its client. */
    static ChassisExtension.Builder secured(ChassisExtension.Builder service) {
        return service.config("security.jwt.issuer", ISSUER.issuer())
                .config("security.jwt.audience", FakeAuthorizationServer.AUDIENCE)
                .config("security.client-credentials.client-secret", CLIENT_SECRET)
                .config("security.client-credentials.audience", FakeAuthorizationServer.AUDIENCE);
    }

    /** The service's client, sending {@link #CALLER}'s token. */
    static Authorized client(ChassisExtension app) {
        return new Authorized(app.client(), CALLER);
    }

    /** Requests with {@code Authorization: Bearer <token>} before the headers given. */
    record Authorized(TestClient client, String token) {
        TestResponse get(String path, String... headers) {
            return client.get(path, with(headers));
        }

        TestResponse post(String path, Object body, String... headers) {
            return client.post(path, body, with(headers));
        }

        private String[] with(String... headers) {
            String[] all = new String[headers.length + 2];
            all[0] = "Authorization";
            all[1] = "Bearer " + token;
            System.arraycopy(headers, 0, all, 2, headers.length);
            return all;
        }
    }
}
