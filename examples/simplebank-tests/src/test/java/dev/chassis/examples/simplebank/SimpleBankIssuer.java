package dev.chassis.examples.simplebank;

import dev.chassis.testkit.security.FakeAuthorizationServer;
import java.time.Duration;
import java.util.Map;

/**
 * SimpleBank's authorization server, faked in the test JVM: both services trust it (ISSUER_URL),
 * transfers-service is its client (CLIENT_SECRET), and alice's token may move money.
 */
final class SimpleBankIssuer {
    static final String AUDIENCE = "simplebank";
    static final String CLIENT_SECRET = "simplebank-test-secret";
    static final FakeAuthorizationServer ISSUER =
            FakeAuthorizationServer.start().client("transfers-service", CLIENT_SECRET, "accounts:write");
    /** The caller of every request the system tests send. */
    static final String ALICE = ISSUER.token()
            .subject("alice")
            .audience(AUDIENCE)
            .scope("accounts:write")
            .expiresIn(Duration.ofHours(2))
            .sign();

    private SimpleBankIssuer() {}

    /** What each service's process is started with. */
    static Map<String, String> environment() {
        return Map.of("ISSUER_URL", ISSUER.issuer(), "CLIENT_SECRET", CLIENT_SECRET);
    }
}
