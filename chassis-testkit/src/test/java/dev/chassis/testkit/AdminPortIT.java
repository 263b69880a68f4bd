package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A service whose application.yaml has fixed main and admin ports gets ephemeral ones for both. */
class AdminPortIT {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(SampleService::of).build();

    @Test
    void bothPortsAreEphemeralAndAdminRoutesAnswerOnTheAdminPort() {
        assertThat(app.port()).isPositive().isNotEqualTo(18080);
        assertThat(app.adminPort()).isPositive().isNotEqualTo(18081).isNotEqualTo(app.port());
        assertThat(app.config()
                        .get(dev.chassis.core.config.ServiceConfig.SECTION)
                        .name())
                .isEqualTo("sample");

        app.adminClient().get("/health/ready").assertStatus(200);
        app.client().get("/health/ready").assertStatus(404);
        app.client().get("/hello/ann").assertStatus(200);
    }
}
