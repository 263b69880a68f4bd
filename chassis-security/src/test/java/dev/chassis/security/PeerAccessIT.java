package dev.chassis.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.security.auth.Access;
import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestClient;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import dev.chassis.testkit.tls.TestCertificate;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rules on the client certificate the server's mutual TLS verified, alone and beside tokens: a
 * service calling with its certificate needs no token where the route says so.
 */
class PeerAccessIT {
    @RegisterExtension
    @Order(1)
    static final FakeAuthorizationServer issuer = FakeAuthorizationServer.start();

    @RegisterExtension
    @Order(2)
    static final ChassisExtension app = ChassisExtension.of(SecuredService::create)
            .tls()
            .config("server.tls.client-auth", "optional")
            .config("server.http2.enabled", true)
            .config("security.jwt.issuer", issuer.issuer())
            .config("security.jwt.audience", FakeAuthorizationServer.AUDIENCE)
            .build();

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static TestClient as(String subject, String uri) {
        TestCertificate certificate = app.certificateAuthority().client(subject, uri);
        return app.client(certificate);
    }

    @Test
    void theNamedPeersCertificateIsEnoughWithoutAToken() {
        as("CN=transfers-service", SecuredService.TRANSFERS)
                .put("/ledger", "{}")
                .assertStatus(200)
                .assertJson("{\"peer\":\"CN=transfers-service\"}");
    }

    @Test
    void anotherPeerOrNoCertificateIs403AndATokenDoesNotStandInForTheCertificate() {
        double before = app.metrics().counter("security.access.denied");
        as("CN=statements-service", "spiffe://bank/statements-service")
                .put("/ledger", "{}")
                .assertStatus(403)
                .problem()
                .hasStatus(403)
                .hasDetailContaining("client certificate is not one this route accepts");
        app.client()
                .put("/ledger", "{}")
                .assertStatus(403)
                .problem()
                .hasDetailContaining("requires a client certificate");
        app.client()
                .put(
                        "/ledger",
                        "{}",
                        bearer(issuer.token().scope("accounts:write").sign()))
                .assertStatus(403);
        assertThat(app.metrics().counter("security.access.denied")).isEqualTo(before + 3);
    }

    @Test
    void eitherTheScopeOrThePeerMeetsAnOrRule() {
        app.client()
                .get(
                        "/either",
                        bearer(issuer.token()
                                .subject("gina")
                                .scope("accounts:write")
                                .sign()))
                .assertStatus(200)
                .assertJson("{\"caller\":\"gina\",\"peer\":\"-\"}");
        as("CN=transfers-service", SecuredService.TRANSFERS)
                .get("/either")
                .assertStatus(200)
                .assertJson("{\"caller\":\"-\",\"peer\":\"CN=transfers-service\"}");
        // neither: a token would do, so the answer is the Bearer challenge
        app.client().get("/either").assertStatus(401).assertHeader("WWW-Authenticate", "Bearer");
        app.client()
                .get("/either", bearer(issuer.token().scope("accounts:read").sign()))
                .assertStatus(403);
        // a bad token is refused even beside a fitting certificate: a credential sent is checked
        as("CN=transfers-service", SecuredService.TRANSFERS)
                .get(
                        "/either",
                        bearer(issuer.token().expiredAgo(Duration.ofHours(1)).sign()))
                .assertStatus(401);
    }

    @Test
    void aPeerRuleAndATokenRuleTogetherNeedBoth() {
        Access both = Access.peerNamed(SecuredService.TRANSFERS).and(Access.scope("accounts:write"));
        assertThat(both.needsToken()).isTrue();
        assertThat(both.acceptsToken()).isFalse();
        assertThat(both.toString())
                .isEqualTo("Access[client certificate spiffe://bank/transfers-service and scope accounts:write]");
        assertThat(Access.peerNamed("a").or(Access.publicAccess()).isPublic()).isTrue();
    }

    @Test
    void theAnswersHaveTheSameShapesOverHttp2() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(app.certificateAuthority().trustingContext())
                .build();
        HttpResponse<String> missing = anonymous.send(
                HttpRequest.newBuilder(app.baseUri().resolve("/either")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> noScope = anonymous.send(
                HttpRequest.newBuilder(app.baseUri().resolve("/accounts/7/debits"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                        .header(
                                "Authorization",
                                "Bearer "
                                        + issuer.token().scope("accounts:read").sign())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noScope.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(noScope.statusCode()).isEqualTo(403);
        assertThat(noScope.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer error=\"insufficient_scope\"");
        assertThat(noScope.body()).contains("\"status\":403");

        HttpClient transfers = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(app.certificateAuthority()
                        .clientContext(
                                app.certificateAuthority().client("CN=transfers-service", SecuredService.TRANSFERS)))
                .build();
        HttpResponse<String> peer = transfers.send(
                HttpRequest.newBuilder(app.baseUri().resolve("/ledger"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(peer.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(peer.statusCode()).isEqualTo(200);
        assertThat(peer.body()).isEqualTo("{\"peer\":\"CN=transfers-service\"}");
    }
}
