package dev.chassis.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.ConfigBinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveConfigTest {
    private static final Set<ConfigSection<?>> SECTIONS = Set.of(ServerConfig.SECTION, LifecycleConfig.SECTION);

    private static Config layers() {
        return Config.builder()
                .yaml("file app.yaml", "server: {port: 9000, idle-timeout: 20s}")
                .environment(Map.of("CHASSIS_SERVER_PORT", "9100"))
                .build();
    }

    @Test
    void aProviderLayerSitsBetweenFilesAndTheEnvironment() {
        ConfigLayerProvider kv = bootstrap -> {
            assertThat(bootstrap.get(ServerConfig.SECTION).idleTimeout()).isEqualTo(Duration.ofSeconds(20));
            return Optional.of(
                    ConfigSource.properties("consul kv", Map.of("server.port", "9050", "server.idle-timeout", "30s")));
        };
        LiveConfig live = ConfigBinding.live(layers(), SECTIONS, List.of(kv));
        ServerConfig server = live.get(ServerConfig.SECTION);
        assertThat(server.idleTimeout())
                .as("the provider's layer wins over the file")
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(server.port())
                .as("the environment wins over the provider's layer")
                .isEqualTo(9100);
    }

    @Test
    void aValidChangeIsAppliedAndListenersHearOfIt() {
        LiveConfig live = ConfigBinding.live(layers(), SECTIONS, List.of());
        List<String> heard = new ArrayList<>();
        live.onChange((now, before) -> heard.add(before.get(ServerConfig.SECTION)
                        .idleTimeout() + " -> " + now.get(ServerConfig.SECTION).idleTimeout()));

        LiveConfig.Outcome outcome =
                live.replace(ConfigSource.properties("consul kv", Map.of("server.idle-timeout", "45s")));

        assertThat(outcome.applied()).isTrue();
        assertThat(live.get(ServerConfig.SECTION).idleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(heard).containsExactly("PT20S -> PT45S");
        live.replace(ConfigSource.properties("consul kv", Map.of("server.idle-timeout", "50s")));
        assertThat(live.get(ServerConfig.SECTION).idleTimeout())
                .as("the layer is replaced, not stacked")
                .isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void anInvalidChangeIsRefusedAndTheRunningConfigurationStays() {
        LiveConfig live = ConfigBinding.live(layers(), SECTIONS, List.of());
        List<String> heard = new ArrayList<>();
        live.onChange((now, before) -> heard.add("changed"));
        BoundConfig before = live.current();

        LiveConfig.Outcome outcome = live.replace(
                ConfigSource.properties("consul kv", Map.of("server.idle-timeout", "soon", "server.nope", "1")));

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.problems().problems())
                .extracting(ConfigProblem::key)
                .containsExactly("server.idle-timeout", "server.nope");
        assertThat(live.current()).isSameAs(before);
        assertThat(heard).isEmpty();
    }
}
