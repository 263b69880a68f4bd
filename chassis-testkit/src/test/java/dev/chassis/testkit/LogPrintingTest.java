package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The service's log reaches the test output only for the test that failed. */
class LogPrintingTest {
    @Test
    void capturedLogIsPrintedOnlyWhenATestFails() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(LogPrintingSample.class))
                    .execute()
                    .testEvents()
                    .assertStatistics(stats -> stats.succeeded(1).failed(1));
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("---- log of fails() (the test failed) ----");
        assertThat(printed).contains("greeting failing-marker");
        assertThat(printed).doesNotContain("greeting passing-marker");
    }
}
