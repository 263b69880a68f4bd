package dev.chassis.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.client.ClientConnectException;
import dev.chassis.core.client.ClientException;
import dev.chassis.core.client.ClientsConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.LiveConfig;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.context.TaskExecutor;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.core.internal.context.TaskExecutors;
import dev.chassis.core.internal.http.TestServerAccess;
import dev.chassis.core.internal.json.JsonCodec;
import dev.chassis.core.internal.netty.EventLoops;
import dev.chassis.testkit.tls.CertificateRequest;
import dev.chassis.testkit.tls.TestCertificate;
import dev.chassis.testkit.tls.TestCertificateAuthority;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service client over TLS to the chassis' own TLS server: trust, mTLS, hostnames, gzip. */
class ClientTlsIT {
    static final TestCertificateAuthority CA = TestCertificateAuthority.create();

    @TempDir
    static Path dir;

    static TestServerAccess mtls;
    static TestServerAccess localhostOnly;
    static EventLoops loops;
    static TaskExecutor executor;
    static String trust;
    static String client;

    record Who(String subject, String acceptEncoding, String text) {}

    static final String TEXT = "a line of text that compresses well. ".repeat(200);

    static final Routes ROUTES = r -> r.get(
                    "/who",
                    req -> new Who(
                            req.peerIdentity().map(p -> p.subject()).orElse("none"),
                            req.header("Accept-Encoding").orElse(""),
                            TEXT))
            .get(
                    "/bomb",
                    req -> Response.ok()
                            .header("Content-Encoding", "gzip")
                            .bytes(gzip(new byte[8 * 1024 * 1024]), "application/json"));

    @BeforeAll
    static void start() throws Exception {
        CA.server("localhost").writePem(dir, "server");
        trust = CA.writeTrustBundle(dir, "ca").toString();
        TestCertificate transfers = CA.client("CN=transfers-service");
        transfers.writePem(dir, "client");
        client = "certificate: " + dir.resolve("client.crt") + ", private-key: " + dir.resolve("client.key");
        mtls = TestServerAccess.start(
                "compression: {enabled: true}, tls: {enabled: true, client-auth: required, certificate: "
                        + dir.resolve("server.crt") + ", private-key: " + dir.resolve("server.key")
                        + ", trust-certificates: " + trust + "}",
                ROUTES);
        ca("localhost-only", new CertificateRequest("CN=localhost").serverUse().name("localhost"));
        localhostOnly = TestServerAccess.start(
                "tls: {enabled: true, certificate: " + dir.resolve("localhost-only.crt") + ", private-key: "
                        + dir.resolve("localhost-only.key") + "}",
                ROUTES);
        ServerConfig config = ConfigBinding.bind(
                        Config.builder()
                                .yaml("test", "server: {event-loop-threads: 2}")
                                .build(),
                        List.of(ServerConfig.SECTION))
                .get(ServerConfig.SECTION);
        loops = new EventLoops(config);
        executor = TaskExecutors.create(config);
    }

    static void ca(String name, CertificateRequest request) {
        CA.issue(request).writePem(dir, name);
    }

    @AfterAll
    static void stop() throws Exception {
        mtls.close();
        localhostOnly.close();
        executor.shutdown();
        loops.shutdown();
    }

    static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static DefaultServiceClients clients(String accountsYaml) {
        LiveConfig live = ConfigBinding.live(
                Config.builder()
                        .yaml("test", "clients: {accounts: {" + accountsYaml + "}}")
                        .build(),
                Set.of(ClientsConfig.SECTION),
                List.of());
        return new DefaultServiceClients(
                live,
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                new JsonCodec(JsonCodec.defaultMapper(List.of())),
                loops,
                executor);
    }

    @Test
    void callsAnHttpsInstanceWithAClientCertificateAndInflatesGzip() {
        try (DefaultServiceClients clients = clients("urls: [https://localhost:" + mtls.port() + "], tls: {"
                + "trust-certificates: " + trust + ", " + client + "}")) {
            clients.checkTls();
            Who who = clients.get("accounts").get("/who").send(Who.class);
            assertThat(who.subject()).isEqualTo("CN=transfers-service");
            assertThat(who.acceptEncoding()).isEqualTo("gzip");
            assertThat(who.text()).isEqualTo(TEXT);
        }
    }

    @Test
    void withoutAClientCertificateTheMtlsServerRefusesTheHandshake() {
        try (DefaultServiceClients clients =
                clients("urls: [https://localhost:" + mtls.port() + "], tls: {trust-certificates: " + trust + "}")) {
            assertThatThrownBy(() -> clients.get("accounts").get("/who").send(Who.class))
                    .isInstanceOf(ClientException.class);
        }
    }

    @Test
    void aServerTheTrustBundleDoesNotCoverIsAConnectFailure() {
        try (DefaultServiceClients clients = clients("urls: [https://localhost:" + localhostOnly.port() + "]")) {
            assertThatThrownBy(() -> clients.get("accounts").get("/who").send(Who.class))
                    .isInstanceOf(ClientConnectException.class)
                    .hasMessageContaining("TLS handshake");
        }
    }

    @Test
    void theHostnameIsVerifiedUnlessTurnedOff() {
        String at = "urls: [https://127.0.0.1:" + localhostOnly.port() + "], tls: {trust-certificates: " + trust;
        try (DefaultServiceClients clients = clients(at + "}")) {
            assertThatThrownBy(() -> clients.get("accounts").get("/who").send(Who.class))
                    .isInstanceOf(ClientConnectException.class)
                    .hasMessageContaining("TLS handshake");
        }
        try (DefaultServiceClients clients = clients(at + ", verify-hostname: false}")) {
            assertThat(clients.get("accounts").get("/who").send(Who.class).subject())
                    .isEqualTo("none");
        }
        try (DefaultServiceClients clients = clients(
                "urls: [https://localhost:" + localhostOnly.port() + "], tls: {trust-certificates: " + trust + "}")) {
            assertThat(clients.get("accounts").get("/who").send(Who.class).text())
                    .isEqualTo(TEXT);
        }
    }

    @Test
    void aGzipAnswerThatInflatesPastTheLimitFails() {
        try (DefaultServiceClients clients = clients("urls: [https://localhost:" + mtls.port()
                + "], max-response-size: 1MiB, tls: {trust-certificates: " + trust + ", " + client + "}")) {
            assertThatThrownBy(() -> clients.get("accounts").get("/bomb").send(Map.class))
                    .isInstanceOf(ClientException.class)
                    .hasMessageContaining("too large");
        }
    }

    @Test
    void aMissingTrustBundleStopsStartUpNamingTheKey() {
        Path missing = dir.resolve("nope.crt");
        try (DefaultServiceClients clients =
                clients("urls: [https://localhost:1], tls: {trust-certificates: " + missing + "}")) {
            assertThatThrownBy(clients::checkTls)
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("clients.accounts.tls.trust-certificates: " + missing + " no such file");
        }
    }
}
