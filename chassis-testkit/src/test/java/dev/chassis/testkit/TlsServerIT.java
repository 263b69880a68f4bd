package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code tls()}: the service's certificate is made at test time and the test client trusts it. */
class TlsServerIT {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(SampleService::of)
            .withoutApplicationYaml()
            .tls()
            .build();

    @Test
    void theClientTrustsTheCertificateMadeForTheTest() {
        app.client().get("/hello/ann").assertStatus(200).assertJson("{\"message\": \"hello, ann\"}");
        app.adminClient().get("/health/ready").assertStatus(200);
        assertThat(app.config()
                        .get(dev.chassis.core.config.ServerConfig.SECTION)
                        .tls()
                        .enabled())
                .isTrue();
    }
}
