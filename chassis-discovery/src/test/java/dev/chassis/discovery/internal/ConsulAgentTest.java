package dev.chassis.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.discovery.config.ConsulConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsulAgentTest {
    @Test
    void theConfiguredTokenWinsOverTheEnvironment() {
        ConsulConfig config = AdvertisedTest.consul("token: from-config");

        assertThat(ConsulAgent.token(config, Map.of("CONSUL_HTTP_TOKEN", "from-env")))
                .isEqualTo("from-config");
    }

    @Test
    void withoutATokenTheEnvironmentsIsUsed() {
        assertThat(ConsulAgent.token(ConsulConfig.defaults(), Map.of("CONSUL_HTTP_TOKEN", "from-env")))
                .isEqualTo("from-env");
        assertThat(ConsulAgent.token(ConsulConfig.defaults(), Map.of())).isEmpty();
    }
}
