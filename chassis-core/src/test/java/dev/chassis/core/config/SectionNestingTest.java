package dev.chassis.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.TestSections.Database;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SectionNestingTest {
    /** Settings shared by every pool, in section {@code data} around {@code data.primary}. */
    record Pools(int poolSize) {}

    private static final ConfigSection<Pools> POOLS = ConfigSection.of("data", Pools.class, new Pools(4));
    private static final List<ConfigSection<?>> SECTIONS = List.of(TestSections.DATABASE, POOLS);

    @Test
    void sectionNestsInsideAnotherSection() {
        Config config = Config.builder()
                .yaml("file app.yaml", """
                        data:
                          pool-size: 8
                          primary:
                            url: jdbc:postgresql://db/orders
                        """)
                .environment(Map.of("CHASSIS_DATA_PRIMARY_USER", "orders"))
                .build();

        BoundConfig bound = ConfigBinding.bind(config, SECTIONS);

        assertThat(bound.get(POOLS)).isEqualTo(new Pools(8));
        assertThat(bound.get(TestSections.DATABASE))
                .isEqualTo(new Database("jdbc:postgresql://db/orders", "orders", "", Map.of()));
        assertThat(bound.describe()).isEqualTo("""
                data:
                  pool-size: 8
                  primary:
                    password: '******'
                    properties: {}
                    url: jdbc:postgresql://db/orders
                    user: orders
                """);
    }

    @Test
    void unknownKeyBesideANestedSectionIsAProblem() {
        Config config = Config.builder()
                .yaml("file app.yaml", "data: {primry: {url: x}}")
                .build();

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ConfigBinding.bind(config, SECTIONS))
                .extracting(ConfigException::problems)
                .isEqualTo(List.of(new ConfigProblem(
                        "data.primry", null, "file app.yaml", "unknown key; did you mean data.primary?")));
    }

    @Test
    void sectionOverlappingAKeyOfAnotherSectionIsRejected() {
        ConfigSection<Pools> overlapping = ConfigSection.of("server.port", Pools.class, new Pools(1));

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ConfigBinding.bind(Config.defaults(), List.of(ServerConfig.SECTION, overlapping)))
                .withMessage("section: 'server.port' overlaps the keys of another section at 'port'"
                        + " (expected: a section name no other section uses as a key)");
    }
}
