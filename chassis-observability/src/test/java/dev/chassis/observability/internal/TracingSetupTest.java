package dev.chassis.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.observability.config.ObservabilityConfig.Tracing;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TracingSetupTest {
    private static final String PARENTS =
            ",remoteParentSampled:AlwaysOnSampler,remoteParentNotSampled:AlwaysOffSampler,"
                    + "localParentSampled:AlwaysOnSampler,localParentNotSampled:AlwaysOffSampler}";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ALWAYS_ON | AlwaysOnSampler",
                "ALWAYS_OFF | AlwaysOffSampler",
                "TRACEIDRATIO | TraceIdRatioBased{0.250000}",
                "PARENTBASED_ALWAYS_ON | ParentBased{root:AlwaysOnSampler",
                "PARENTBASED_ALWAYS_OFF | ParentBased{root:AlwaysOffSampler",
                "PARENTBASED_TRACEIDRATIO | ParentBased{root:TraceIdRatioBased{0.250000}",
            })
    void eachSamplerIsOpenTelemetrysOfTheSameName(Tracing.Sampler name, String description) {
        Tracing config = new Tracing(
                Tracing.Exporter.OTLP, "http://localhost:4318/v1/traces", Map.of(), name, 0.25, Map.of(), false);

        assertThat(TracingSetup.sampler(config).getDescription())
                .isEqualTo(description.startsWith("ParentBased") ? description + PARENTS : description);
    }
}
