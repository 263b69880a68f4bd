package dev.chassis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigProblem;
import dev.chassis.core.lifecycle.ServiceState;
import org.junit.jupiter.api.Test;

/** Settings that cannot work stop the service at start, naming each key and where it was set. */
class StartupChecksTest {
    private static ConfigException startFailure(String yaml) {
        Service service = SecuredService.create(Config.builder()
                .yaml("app.yaml", "server: {host: 127.0.0.1, port: 0}\nlifecycle: {propagation-delay: 0s}\n" + yaml)
                .build());
        try {
            service.start();
        } catch (ConfigException e) {
            return e;
        } finally {
            service.stop();
        }
        throw new AssertionError("the service started");
    }

    @Test
    void plainHttpIssuerOffLoopbackIsRefused() {
        assertThat(startFailure("security: {jwt: {issuer: 'http://login.example.com/realms/bank'}}")
                        .problems())
                .containsExactly(new ConfigProblem(
                        "security.jwt.issuer",
                        "http://login.example.com/realms/bank",
                        "app.yaml",
                        "is not HTTPS (expected: https://, http:// to a loopback host, or"
                                + " security.jwt.allow-insecure-http: true)"));
    }

    @Test
    void plainHttpKeySetOffLoopbackIsRefusedToo() {
        assertThat(startFailure("security: {jwt: {issuer: 'https://login.example.com', jwks-uri:"
                                + " 'http://10.0.0.5/keys'}}")
                        .problems())
                .extracting(ConfigProblem::key)
                .containsExactly("security.jwt.jwks-uri");
    }

    @Test
    void missingIssuerIsNamed() {
        assertThat(startFailure("").problems())
                .containsExactly(new ConfigProblem(
                        "security.jwt.issuer",
                        "",
                        "defaults",
                        "missing (expected: the issuer whose tokens the service accepts, or"
                                + " security.introspection.uri)"));
    }

    @Test
    void clientCredentialsWithoutAClientIdAreNamed() {
        assertThat(startFailure("security: {jwt: {issuer: 'https://login.example.com'}}\n"
                                + "clients: {vault: {urls: ['http://127.0.0.1:1'], auth: client-credentials}}")
                        .problems())
                .containsExactly(new ConfigProblem(
                        "security.client-credentials.client-id",
                        "",
                        "defaults",
                        "missing (expected: the service's client ID, as clients.vault.auth is client-credentials)"));
    }

    @Test
    void unknownAuthModeIsNamedWithItsSource() {
        assertThatThrownBy(() -> SecuredService.create(Config.builder()
                                .yaml(
                                        "app.yaml",
                                        "server: {host: 127.0.0.1, port: 0}\nsecurity: {jwt: {issuer:"
                                                + " 'https://login.example.com'}}\nclients: {vault: {auth: kerberos}}")
                                .build())
                        .start())
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(new ConfigProblem(
                                        "clients.vault.auth",
                                        "kerberos",
                                        "app.yaml",
                                        "no module provides these credentials (expected: none, client-credentials, relay,"
                                                + " relay-or-client-credentials)")));
    }

    @Test
    void loopbackHttpAndExplicitlyAllowedHttpAreAccepted() {
        for (String yaml : new String[] {
            "security: {jwt: {issuer: 'http://127.0.0.1:1'}}",
            "security: {jwt: {issuer: 'http://localhost:1'}}",
            "security: {jwt: {issuer: 'http://idp.internal:8080', allow-insecure-http: true}}"
        }) {
            Service service = SecuredService.create(Config.builder()
                    .yaml("app.yaml", "server: {host: 127.0.0.1, port: 0}\nlifecycle: {propagation-delay: 0s}\n" + yaml)
                    .build());
            try {
                service.start();
                assertThat(service.state()).isEqualTo(ServiceState.READY);
            } finally {
                service.stop();
            }
        }
    }
}
