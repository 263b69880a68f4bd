package dev.chassis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigProblem;
import dev.chassis.security.config.SecurityConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityConfigTest {
    private static List<ConfigProblem> problems(String yaml) {
        try {
            ConfigBinding.bind(Config.builder().yaml("app.yaml", yaml).build(), List.of(SecurityConfig.SECTION));
        } catch (ConfigException e) {
            return e.problems();
        }
        return List.of();
    }

    @Test
    void bindsEveryKeyFromYaml() {
        BoundConfig bound =
                ConfigBinding.bind(Config.builder().yaml("app.yaml", """
                                security:
                                  default-access: public
                                  admin-access: authenticated
                                  clock-skew: 5s
                                  jwt: {issuer: 'https://idp', audience: [a, b], algorithms: [ES256], roles-claim: realm_access.roles}
                                  client-credentials: {client-id: me, client-secret: shh, scope: 'x y'}
                                """).build(), List.of(SecurityConfig.SECTION));
        SecurityConfig c = bound.get(SecurityConfig.SECTION);
        assertThat(c.defaultAccess()).isEqualTo(SecurityConfig.DefaultAccess.PUBLIC);
        assertThat(c.adminAccess()).isEqualTo(SecurityConfig.AdminAccess.AUTHENTICATED);
        assertThat(c.clockSkew()).hasSeconds(5);
        assertThat(c.jwt().audience()).containsExactly("a", "b");
        assertThat(c.jwt().algorithms()).containsExactly("ES256");
        assertThat(c.jwt().rolesClaim()).isEqualTo("realm_access.roles");
        assertThat(c.clientCredentials().toString()).doesNotContain("shh");
        assertThat(bound.describe()).doesNotContain("shh");
    }

    @Test
    void noneAndHmacAlgorithmsCannotBeListed() {
        assertThat(problems("security: {jwt: {algorithms: [RS256, HS256]}}"))
                .extracting(ConfigProblem::key, ConfigProblem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "security.jwt.algorithms",
                        "algorithms: 'HS256' (expected: one of [ES256, ES384, ES512, EdDSA, PS256, PS384, PS512,"
                                + " RS256, RS384, RS512]; none and HMAC algorithms are never accepted)"));
        assertThat(problems("security: {jwt: {algorithms: [none]}}")).hasSize(1);
    }

    @Test
    void rangesAreChecked() {
        assertThat(problems("security: {clock-skew: 1h}"))
                .extracting(ConfigProblem::key, ConfigProblem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "security.clock-skew", "clock-skew: 1h (expected: 0s-10m)"));
        assertThat(problems("security: {default-access: sometimes}"))
                .extracting(ConfigProblem::key)
                .containsExactly("security.default-access");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SecurityConfig.Cache(-1, java.time.Duration.ofMinutes(1)))
                .withMessage("max-entries: -1 (expected: 0-1000000)");
    }
}
