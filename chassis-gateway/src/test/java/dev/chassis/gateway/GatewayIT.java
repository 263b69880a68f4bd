package dev.chassis.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigException;
import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.Downstream;
import dev.chassis.testkit.TestResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Routing and forwarding through a real gateway to a WireMock service and a raw socket upstream. */
class GatewayIT {
    static final RawUpstream raw = RawUpstream.started();

    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(GatewayService::create)
            .downstream("accounts")
            .yaml("""
                    gateway:
                      routes:
                        - id: api
                          path-prefix: /api
                          strip-prefix: true
                          service: accounts
                        - id: raw
                          path-prefix: /raw
                          url: %s
                          preserve-host: true
                        - id: raw-rewritten
                          path: /rawhost/{rest...}
                          rewrite: /{rest}
                          url: %s
                        - id: dead
                          path-prefix: /dead
                          url: http://127.0.0.1:1
                          timeout: 2s
                    """.formatted(raw.url(), raw.url()))
            .build();

    @AfterAll
    static void stopRaw() throws IOException {
        raw.close();
    }

    @BeforeEach
    void stubAccounts() {
        Downstream accounts = app.downstream("accounts");
        accounts.wireMock()
                .stubFor(any(urlPathMatching("/accounts.*"))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withHeader("X-Upstream", "accounts")
                                .withBody("{\"id\":\"42\"}")));
        raw.answer(RawUpstream.ok("hello"));
    }

    private static LoggedRequest lastRequest() {
        List<LoggedRequest> requests = app.downstream("accounts").requests();
        assertThat(requests).isNotEmpty();
        return requests.get(requests.size() - 1);
    }

    @Test
    void forwardsAlongTheRouteAndAnswersWithTheUpstreamResponse() {
        TestResponse r = app.client().get("/api/accounts/42?full=true", "X-Correlation-ID", "corr-1");
        r.assertStatus(200).assertHeader("X-Upstream", "accounts").assertHeader("Via", "1.1 chassis-gateway");
        assertThat(r.body()).isEqualTo("{\"id\":\"42\"}");
        assertThat(r.header("Content-Type")).hasValue("application/json");
        LoggedRequest seen = lastRequest();
        assertThat(seen.getUrl()).isEqualTo("/accounts/42?full=true");
        assertThat(seen.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.getHeader("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.getHeader("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + app.port());
        assertThat(seen.getHeader("Forwarded"))
                .isEqualTo("for=127.0.0.1;proto=http;host=\"127.0.0.1:" + app.port() + "\"");
        assertThat(seen.getHeader("Via")).isEqualTo("1.1 chassis-gateway");
        assertThat(seen.getHeader("X-Correlation-ID")).isEqualTo("corr-1");
        assertThat(seen.getHeader("Host"))
                .isEqualTo(app.downstream("accounts").baseUri().getAuthority());
    }

    @Test
    void forwardsTheRequestBody() {
        app.client().post("/api/accounts", "{\"owner\":\"ada\"}").assertStatus(200);
        LoggedRequest seen = lastRequest();
        assertThat(seen.getMethod().getName()).isEqualTo("POST");
        assertThat(seen.getBodyAsString()).isEqualTo("{\"owner\":\"ada\"}");
        assertThat(seen.getHeader("Content-Length")).isEqualTo("15");
    }

    @Test
    void forwardingHeadersOfAnUntrustedClientAreReplaced() {
        app.client()
                .get(
                        "/api/accounts/1",
                        "X-Forwarded-For",
                        "6.6.6.6",
                        "Forwarded",
                        "for=6.6.6.6",
                        "X-Forwarded-Proto",
                        "https")
                .assertStatus(200);
        LoggedRequest seen = lastRequest();
        assertThat(seen.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.getHeader("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.getHeader("Forwarded")).startsWith("for=127.0.0.1;").doesNotContain("6.6.6.6");
    }

    @Test
    void hopByHopHeadersStayAtTheGatewayAndTheHostIsKeptWhereTheRouteSaysSo() {
        String answer = rawRequest("GET /raw/x HTTP/1.1\r\nHost: client.example\r\nConnection: keep-alive, X-Secret\r\n"
                + "X-Secret: s3\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Authorization: Basic eA==\r\n"
                + "Upgrade: h2c\r\nX-Kept: yes\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200 OK").endsWith("hello");
        String seen = raw.received().toLowerCase(java.util.Locale.ROOT);
        assertThat(seen)
                .startsWith("get /raw/x http/1.1\r\n")
                .contains("\r\nhost: client.example\r\n", "\r\nx-kept: yes\r\n");
        assertThat(seen).doesNotContain("x-secret", "keep-alive", "\r\nte:", "proxy-authorization", "upgrade");
        String rewritten = rawRequest("GET /rawhost/y HTTP/1.1\r\nHost: client.example\r\n\r\n");
        assertThat(rewritten).startsWith("HTTP/1.1 200 OK");
        assertThat(raw.received()).contains("GET /y HTTP/1.1\r\n", "host: 127.0.0.1:" + raw.port() + "\r\n");
    }

    @Test
    void responseHopByHopHeadersAreRemoved() {
        raw.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close, X-Internal\r\nX-Internal: 1\r\n"
                + "Keep-Alive: timeout=3\r\nX-Kept: yes\r\n\r\nok");
        TestResponse r = app.client().get("/raw/a");
        r.assertStatus(200).assertHeader("X-Kept", "yes");
        assertThat(r.header("X-Internal")).isEmpty();
        assertThat(r.header("Keep-Alive")).isEmpty();
        assertThat(r.body()).isEqualTo("ok");
    }

    /** Each of these could be read differently by the origin: refused before any byte goes upstream. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "POST /raw/s HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST /raw/s HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
                "POST /raw/s HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST /raw/s HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n",
                "POST /raw/s HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                "GET /raw/s HTTP/1.1\nHost: a\n\n",
                "GET /raw/s HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "POST /raw/s HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nabc",
            })
    void smugglingAttemptsNeverReachTheUpstream(String attack) {
        int before = raw.connections();
        int seen = raw.received().length();
        String answer = rawRequest(attack);
        assertThat(answer).startsWith("HTTP/1.1 4");
        assertThat(raw.connections()).isEqualTo(before);
        assertThat(raw.received().substring(seen)).isEmpty();
    }

    @Test
    void anObsoleteLineFoldIsForwardedAsOneLine() {
        int seen = raw.received().length();
        assertThat(rawRequest("GET /raw/fold HTTP/1.1\r\nHost: a\r\nX-Folded: a\r\n b\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
        String forwarded = raw.received().substring(seen).toLowerCase(java.util.Locale.ROOT);
        assertThat(forwarded).contains("\r\nx-folded: a b\r\n").doesNotContain("\r\n b");
    }

    @Test
    void anInvalidUpstreamResponseIsA502LoggedOnce() {
        raw.answer("HTTP/1.1 2x0 nonsense\r\n\r\n");
        TestResponse r = app.client().get("/raw/bad", "X-Correlation-ID", "bad-1");
        r.problem().hasStatus(502).hasDetail("route 'raw': the upstream service sent no valid response");
        assertThat(r.correlationId()).isEqualTo("bad-1");
        assertThat(app.logs()
                        .await(e ->
                                "bad-1".equals(e.correlationId()) && e.message().contains("route 'raw'")))
                .hasSize(1);
        assertThat(app.logs()
                        .events(e ->
                                "bad-1".equals(e.correlationId()) && e.level().equals("WARN")))
                .hasSize(1);
    }

    @Test
    void aDownstreamThatIsDownIsA503WithTheCorrelationId() {
        long begin = System.nanoTime();
        TestResponse r = app.client().get("/dead/x", "X-Correlation-ID", "dead-1");
        r.problem().hasStatus(503).hasDetail("route 'dead': the upstream service cannot be reached");
        assertThat(r.correlationId()).isEqualTo("dead-1");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aRequestNoRouteMatchesIsNotFound() {
        app.client().get("/nowhere").problem().hasStatus(404).hasDetail("no gateway route matches GET /nowhere");
    }

    @Test
    void theGatewaysOwnHealthIsServed() {
        app.client().get("/health/live").assertStatus(200);
    }

    @Test
    void aRouteToNoServiceFailsStartUpNamingTheKey() {
        Config config = Config.builder().yaml("gateway.yaml", """
                        gateway:
                          routes:
                            - {id: a, path-prefix: /a, service: acounts}
                        clients:
                          accounts: {urls: ["http://127.0.0.1:9"]}
                        server: {port: 0, host: 127.0.0.1}
                        """).build();
        assertThatThrownBy(() -> GatewayService.create(config).start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.routes.0.service")
                .hasMessageContaining("gateway.yaml")
                .hasMessageContaining("route 'a' points at no service 'acounts' (expected: one of clients accounts");
    }

    static String rawRequest(String request) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder b = new StringBuilder();
            byte[] buf = new byte[4096];
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < end) {
                int n;
                try {
                    n = in.read(buf);
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                if (complete(b.toString())) {
                    break;
                }
            }
            return b.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean complete(String response) {
        int head = response.indexOf("\r\n\r\n");
        if (head < 0) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)")
                .matcher(response);
        return m.find() && response.length() - head - 4 >= Integer.parseInt(m.group(1));
    }
}
