package dev.chassis.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.testkit.consul.model.FakeConsulOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FakeConsulMainTest {
    @Test
    void listensOnConsulsPortByDefault() {
        FakeConsulOptions options = FakeConsulMain.parse();

        assertThat(options.port()).isEqualTo(8500);
        assertThat(options.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void readsEveryArgumentInBothForms() {
        FakeConsulOptions options = FakeConsulMain.parse(
                "--port", "18500", "--host=0.0.0.0", "--datacenter", "eu-1", "--node=n1", "--reap-interval", "2s");

        assertThat(options.port()).isEqualTo(18500);
        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.datacenter()).isEqualTo("eu-1");
        assertThat(options.nodeName()).isEqualTo("n1");
        assertThat(options.reapInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void rejectsAnUnknownArgument() {
        assertThatThrownBy(() -> FakeConsulMain.parse("--prot", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown argument: '--prot'");
    }

    @Test
    void rejectsAMissingValue() {
        assertThatThrownBy(() -> FakeConsulMain.parse("--port"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port needs a value");
    }

    @Test
    void rejectsABadPort() {
        assertThatThrownBy(() -> FakeConsulMain.parse("--port", "http"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port: 'http' (expected: 0-65535)");
    }
}
