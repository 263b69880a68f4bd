package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.testkit.tls.TestCertificateAuthority;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service over TLS with a certificate made for the test, and a client that trusts it. */
class TlsIT {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(SampleService::of)
            .withoutApplicationYaml()
            .mutualTls()
            .build();

    @Test
    void servesHttpsToAClientWithACertificateOfTheTestAuthority() {
        assertThat(app.baseUri().toString()).isEqualTo("https://localhost:" + app.port());
        app.client(app.certificateAuthority().client("CN=test-client"))
                .get("/hello/tls")
                .assertStatus(200)
                .assertJson("{\"message\": \"hello, tls\"}");
    }

    @Test
    void aClientWithoutACertificateIsRefusedByTheHandshake() {
        assertThatThrownBy(() -> app.client().get("/hello/anonymous")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aClientThatDoesNotTrustTheAuthorityIsRefused() {
        TestCertificateAuthority other = TestCertificateAuthority.create("CN=another CA");
        assertThat(other.certificate()).isNotEqualTo(app.certificateAuthority().certificate());
        assertThatThrownBy(() -> new TestClient(new dev.chassis.testkit.internal.SocketTransport(
                                app.baseUri(), other.trustingContext()))
                        .get("/hello/x"))
                .isInstanceOf(UncheckedIOException.class);
    }
}
