package dev.chassis.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A WireMock downstream over HTTPS, called with hostname verification against the test authority. */
class HttpsDownstreamIT {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(SampleService::of)
            .withoutApplicationYaml()
            .downstreamOverHttps("accounts")
            .build();

    @Test
    void theServiceCallsItsDownstreamOverHttps() {
        assertThat(app.downstream("accounts").baseUri().toString()).startsWith("https://localhost:");
        assertThat(app.baseUri().getScheme()).isEqualTo("http");
        app.downstream("accounts").stubJson("GET", "/accounts/7", 200, "{\"id\":\"7\",\"balance\":10}");
        app.client().get("/accounts/7").assertStatus(200).assertJson("{\"id\":\"7\",\"balance\":10}");
        app.downstream("accounts")
                .wireMock()
                .verify(getRequestedFor(urlPathEqualTo("/accounts/7"))
                        .withHeader(
                                "Accept-Encoding", com.github.tomakehurst.wiremock.client.WireMock.equalTo("gzip")));
    }

    @Test
    void aGzipAnswerIsInflated() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("{\"id\":\"8\",\"balance\":25}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        app.downstream("accounts")
                .wireMock()
                .stubFor(get(urlPathEqualTo("/accounts/8"))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withHeader("Content-Encoding", "gzip")
                                .withBody(bytes.toByteArray())));
        app.client().get("/accounts/8").assertStatus(200).assertJson("{\"id\":\"8\",\"balance\":25}");
    }
}
