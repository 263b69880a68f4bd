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

    @Test
    void aListenerThatFailsRollsBackTheChangeForEveryListener() {
        LiveConfig live = ConfigBinding.live(layers(), SECTIONS, List.of());
        List<String> applied = new ArrayList<>();
        live.onChange(
                List.of("server.idle-timeout"),
                (now, before) ->
                        applied.add(now.get(ServerConfig.SECTION).idleTimeout().toString()));
        live.onChange(List.of("server.idle-timeout"), (now, before) -> {
            if (now.get(ServerConfig.SECTION).idleTimeout().equals(Duration.ofSeconds(45))) {
                throw new IllegalStateException("45s is more than the pool allows");
            }
            applied.add("second " + now.get(ServerConfig.SECTION).idleTimeout());
        });
        BoundConfig before = live.current();

        LiveConfig.Outcome outcome =
                live.replace(ConfigSource.properties("consul kv", Map.of("server.idle-timeout", "45s")));

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.problems().problems())
                .containsExactly(new ConfigProblem(
                        "server.idle-timeout",
                        null,
                        "consul kv",
                        "could not be applied (45s is more than the pool allows); the change was rolled back and the"
                                + " running configuration stays"));
        assertThat(live.current()).isSameAs(before);
        // The first took the change, then was given the previous configuration back; the failing
        // one was given it back too.
        assertThat(applied).containsExactly("PT45S", "second PT20S", "PT20S");

        live.replace(ConfigSource.properties("other layer", Map.of("lifecycle.grace-period", "40s")));
        assertThat(live.get(ServerConfig.SECTION).idleTimeout())
                .as("the refused layer was not kept")
                .isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void keysNoListenerFollowsAreReportedAsNeedingARestart() {
        LiveConfig live = ConfigBinding.live(layers(), SECTIONS, List.of());
        live.onChange(List.of("server.idle-timeout"), (now, before) -> {});

        LiveConfig.Outcome outcome = live.replace(ConfigSource.properties(
                "consul kv", Map.of("server.idle-timeout", "45s", "lifecycle.grace-period", "40s")));

        assertThat(outcome.applied()).isTrue();
        assertThat(outcome.restartRequired()).containsExactly("lifecycle.grace-period");
        assertThat(live.pendingRestart()).containsExactly(Map.entry("lifecycle.grace-period", "consul kv"));
        assertThat(live.listing())
                .contains("lifecycle.grace-period = 40s  (consul kv; restart required, running: 30s)\n")
                .contains("server.idle-timeout = 45s  (consul kv)\n");

        LiveConfig.Outcome back = live.replace(ConfigSource.properties("consul kv", Map.of()));
        assertThat(back.restartRequired()).containsExactly("lifecycle.grace-period");
        assertThat(live.pendingRestart())
                .as("back to the value it started with")
                .isEmpty();
        assertThat(live.listing()).isEqualTo(live.current().listing());
    }

    @Test
    void keysAListenerDeclaresWithWildcardsAreFollowed() {
        assertThat(KeyPatterns.matches("clients.*.urls", "clients.accounts.urls"))
                .isTrue();
        assertThat(KeyPatterns.matches("clients.*.urls", "clients.accounts.connect-timeout"))
                .isFalse();
        assertThat(KeyPatterns.matches("observability.logging.levels", "observability.logging.levels.com.acme"))
                .isTrue();
        assertThat(KeyPatterns.matches("resilience", "resilience-x.a")).isFalse();
    }
}
