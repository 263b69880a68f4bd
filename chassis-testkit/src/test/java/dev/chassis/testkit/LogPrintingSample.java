package dev.chassis.testkit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Run only by {@link LogPrintingTest}: one passing test, one failing, each logging a marker. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogPrintingSample {
    @RegisterExtension
    static final ChassisExtension app =
            ChassisExtension.of(SampleService::of).withoutApplicationYaml().build();

    @Test
    @Order(1)
    void passes() {
        app.client().get("/hello/passing-marker").assertStatus(200);
        app.logs().await(e -> e.message().equals("greeting passing-marker"));
    }

    @Test
    @Order(2)
    void fails() {
        app.client().get("/hello/failing-marker").assertStatus(200);
        app.logs().await(e -> e.message().equals("greeting failing-marker"));
        throw new AssertionError("on purpose");
    }
}
