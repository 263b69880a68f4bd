package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExtensionBuilderTest {
    @Test
    void aDownstreamInConsulNeedsTheFakeAgent() {
        assertThatThrownBy(() -> ChassisExtension.of(SampleService::of)
                        .downstreamInConsul("accounts")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("downstreamInConsul[accounts] needs a fake Consul agent (expected: fakeConsul())");
    }

    @Test
    void aDownstreamIsEitherStaticOrInConsul() {
        assertThatThrownBy(() -> ChassisExtension.of(SampleService::of)
                        .fakeConsul()
                        .downstream("accounts")
                        .downstreamInConsul("accounts")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("downstream 'accounts' is both static and in Consul (expected: downstream or"
                        + " downstreamInConsul)");
    }
}
