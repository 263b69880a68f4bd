package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance-field extension gives each test its own service, and can stop it mid-flight. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerTestIT {
    private static final List<Integer> ports = new ArrayList<>();

    @RegisterExtension
    final ChassisExtension app =
            ChassisExtension.of(SampleService::of).withoutApplicationYaml().build();

    @Test
    @Order(1)
    void first() {
        ports.add(app.port());
        app.client().get("/hello/one").assertStatus(200);
    }

    @Test
    @Order(2)
    void secondGetsAFreshService() {
        ports.add(app.port());
        assertThat(ports).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    @Order(3)
    void stoppingMidFlightAnswersEveryAcceptedRequest() {
        app.stopDuring("/slow", 20).assertAllAnswered(200);
    }

    @Test
    @Order(4)
    void drainReportFailsWhenARequestWasCut() {
        DrainReport cut = new DrainReport(2, java.util.Map.of(200, 1), List.of("connection reset"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cut.assertAllAnswered(200))
                .isInstanceOf(AssertionError.class);
    }
}
