package dev.chassis.testkit.consul;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.testkit.consul.model.CheckStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What goes over the wire, byte for byte where Consul's documentation shows it. */
class WireFormatIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeConsul consul;
    private HttpClient http;

    @BeforeEach
    void start() {
        consul = FakeConsul.start(TestConsul.fast());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        consul.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(consul.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(consul.url() + path))
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void registerOrders() throws IOException, InterruptedException {
        assertThat(put("/v1/agent/service/register", """
                                {"ID": "orders-1", "Name": "orders", "Tags": ["v1"], "Address": "10.0.0.5", "Port": 8080,
                                 "Meta": {"version": "1.2"}, "Check": {"TTL": "30s", "Status": "passing"}}""").statusCode()).isEqualTo(200);
    }

    @Test
    void readsCarryConsulsQueryMetaHeaders() throws Exception {
        HttpResponse<String> response = get("/v1/health/service/consul");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.headers().firstValue("X-Consul-Index")).contains(Long.toString(consul.index()));
        assertThat(response.headers().firstValue("X-Consul-KnownLeader")).contains("true");
        assertThat(response.headers().firstValue("X-Consul-LastContact")).contains("0");
        assertThat(response.headers().firstValue("X-Consul-Effective-Consistency"))
                .contains("leader");
        assertThat(get("/v1/catalog/services?stale").headers().firstValue("X-Consul-Effective-Consistency"))
                .contains("stale");
    }

    @Test
    void staleAnswersSetTheLeaderHeaders() throws Exception {
        consul.staleAnswers(Duration.ofSeconds(12));

        HttpResponse<String> response = get("/v1/catalog/services?stale");

        assertThat(response.headers().firstValue("X-Consul-KnownLeader")).contains("false");
        assertThat(response.headers().firstValue("X-Consul-LastContact")).contains("12000");
    }

    @Test
    void agentEndpointsCarryNoIndexLikeConsul() throws Exception {
        HttpResponse<String> response = get("/v1/agent/services");

        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.headers().firstValue("X-Consul-Index")).isEmpty();
        assertThat(response.body()).isEqualTo("{}");
    }

    @Test
    void agentServicesHaveConsulsShape() throws Exception {
        registerOrders();

        assertThat(get("/v1/agent/services").body())
                .isEqualTo("{\"orders-1\":{\"ID\":\"orders-1\",\"Service\":\"orders\",\"Tags\":[\"v1\"],"
                        + "\"Meta\":{\"version\":\"1.2\"},\"Port\":8080,\"Address\":\"10.0.0.5\","
                        + "\"TaggedAddresses\":{\"lan_ipv4\":{\"Address\":\"10.0.0.5\",\"Port\":8080},"
                        + "\"wan_ipv4\":{\"Address\":\"10.0.0.5\",\"Port\":8080}},"
                        + "\"Weights\":{\"Passing\":1,\"Warning\":1},\"EnableTagOverride\":false,"
                        + "\"Datacenter\":\"dc1\"}}");
    }

    @Test
    void agentChecksHaveConsulsShape() throws Exception {
        registerOrders();

        assertThat(get("/v1/agent/checks").body())
                .isEqualTo("{\"service:orders-1\":{\"Node\":\"fake-consul\",\"CheckID\":\"service:orders-1\","
                        + "\"Name\":\"Service 'orders' check\",\"Status\":\"passing\",\"Notes\":\"\",\"Output\":\"\","
                        + "\"ServiceID\":\"orders-1\",\"ServiceName\":\"orders\",\"ServiceTags\":[\"v1\"],"
                        + "\"Type\":\"ttl\",\"Interval\":\"\",\"Timeout\":\"\",\"ExposedPort\":0,\"Definition\":{},"
                        + "\"CreateIndex\":0,\"ModifyIndex\":0}}");
    }

    @Test
    void healthEntriesHaveConsulsShape() throws Exception {
        registerOrders();

        JsonNode entry = JSON.readTree(get("/v1/health/service/orders").body()).get(0);

        assertThat(fieldNames(entry)).containsExactly("Node", "Service", "Checks");
        assertThat(fieldNames(entry.get("Node")))
                .containsExactly(
                        "ID", "Node", "Address", "Datacenter", "TaggedAddresses", "Meta", "CreateIndex", "ModifyIndex");
        assertThat(fieldNames(entry.get("Service")))
                .containsExactly(
                        "ID",
                        "Service",
                        "Tags",
                        "Address",
                        "TaggedAddresses",
                        "Meta",
                        "Port",
                        "Weights",
                        "EnableTagOverride",
                        "Proxy",
                        "Connect",
                        "CreateIndex",
                        "ModifyIndex");
        assertThat(entry.at("/Node/TaggedAddresses/wan").asText()).isEqualTo("127.0.0.1");
        assertThat(entry.at("/Checks/0/CheckID").asText()).isEqualTo("serfHealth");
        assertThat(entry.at("/Checks/0/Output").asText()).isEqualTo("Agent alive and reachable");
        assertThat(entry.at("/Checks/1/Status").asText()).isEqualTo("passing");
        assertThat(entry.at("/Service/CreateIndex").asLong()).isEqualTo(consul.index());
    }

    @Test
    void serviceRegisteredWithoutMetaOrTagsShowsThemAsConsulDoes() throws Exception {
        put("/v1/agent/service/register", "{\"Name\": \"bare\"}");

        JsonNode service = JSON.readTree(get("/v1/health/service/bare").body()).at("/0/Service");
        assertThat(service.get("Tags").isArray()).isTrue();
        assertThat(service.get("Tags")).isEmpty();
        assertThat(service.get("Meta").isNull()).isTrue();
        assertThat(service.has("TaggedAddresses")).isFalse();
        assertThat(JSON.readTree(get("/v1/agent/services").body())
                        .at("/bare/Meta")
                        .isObject())
                .isTrue();
    }

    @Test
    void kvEntriesHaveConsulsShape() throws Exception {
        assertThat(put("/v1/kv/config/a?flags=7", "bar").body()).isEqualTo("true");
        long index = consul.index();

        HttpResponse<String> response = get("/v1/kv/config/a");

        assertThat(response.body())
                .isEqualTo("[{\"LockIndex\":0,\"Key\":\"config/a\",\"Flags\":7,\"Value\":\"YmFy\",\"CreateIndex\":"
                        + index + ",\"ModifyIndex\":" + index + "}]");
        assertThat(response.headers().firstValue("X-Consul-Index")).contains(Long.toString(index));
        assertThat(get("/v1/kv/config/a?raw").body()).isEqualTo("bar");
    }

    @Test
    void emptyKvValueIsNull() throws Exception {
        put("/v1/kv/empty", "");

        assertThat(JSON.readTree(get("/v1/kv/empty").body()).at("/0/Value").isNull())
                .isTrue();
    }

    @Test
    void missingKeyIs404WithIndexAndNoBody() throws Exception {
        HttpResponse<String> response = get("/v1/kv/missing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("X-Consul-Index")).isPresent();
    }

    @Test
    void rootKeysAreAnEmptyListNot404() throws Exception {
        assertThat(get("/v1/kv/?keys").body()).isEqualTo("[]");
        assertThat(get("/v1/kv/nothing/?keys").statusCode()).isEqualTo(404);
    }

    @Test
    void registrationTakesIdStyleKeysExplicitNullsAndSnakeCase() throws Exception {
        HttpResponse<String> response = put("/v1/agent/service/register", """
                {"Id": "orders-1", "Name": "orders", "Tags": null, "Meta": null, "Port": null, "Address": null,
                 "Check": {"CheckID": null, "ttl": "5s", "deregister_critical_service_after": "1m", "Status": null},
                 "Checks": null, "EnableTagOverride": null, "Weights": null}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Content-Type")).isEmpty();
        assertThat(consul.services()).containsOnlyKeys("orders-1");
        assertThat(consul.checks().get("service:orders-1").type()).isEqualTo("ttl");
    }

    @Test
    void reRegistrationKeepsChecksItLeavesOutUnlessAskedToReplaceThem() throws Exception {
        String two = "{\"ID\": \"o-1\", \"Name\": \"o\", \"Checks\": [{\"CheckID\": \"a\", \"TTL\": \"9s\"},"
                + " {\"CheckID\": \"b\", \"TTL\": \"9s\"}]}";
        String one = "{\"ID\": \"o-1\", \"Name\": \"o\", \"Checks\": [{\"CheckID\": \"a\", \"TTL\": \"9s\"}]}";
        put("/v1/agent/service/register", two);

        put("/v1/agent/service/register", one);
        assertThat(consul.checks()).containsOnlyKeys("a", "b");

        put("/v1/agent/service/register?replace-existing-checks", one);
        assertThat(consul.checks()).containsOnlyKeys("a");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                                                     | Request decode failed: EOF
            `{"Port": 80}`                                        | Missing service name
            `{"Name": "a", "Address": "0.0.0.0"}`                 | Invalid service address
            `{"Name": "a", "Port": "80"}`                         | Request decode failed: json: cannot unmarshal string into Go struct field ServiceDefinition.Port of type int
            `{"Name": "a", "Weights": {"Passing": 0}}`            | Invalid Weights: Passing must be greater than 0
            `{"Name": "a", "Meta": {"consul-x": "1"}}`            | Invalid Service Meta: Couldn't load metadata pair ('consul-x', '1'): Key prefix 'consul-' is reserved for internal use
            `{"Name": "a", "Check": {"HTTP": "http://x/"}}`       | Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks
            `{"Name": "a", "Check": {"Notes": "n"}}`              | Invalid check: TTL must be > 0 for TTL checks
            `{"Name": "a", "Check": {"TTL": "5s", "Interval": "5s"}}` | Invalid check: Interval and TTL cannot both be specified
            `{"Name": "a", "Check": {"TTL": "soon"}}`             | Request decode failed: time: invalid duration "soon"
            `{"Name": "a", "Check": {"TTL": "5s", "Status": "ok"}}` | Status for checks must 'passing', 'warning', 'critical'
            `[1]`                                                 | Request decode failed: json: cannot unmarshal array into Go value of type structs.ServiceDefinition
            """)
    void badRegistrationIs400WithConsulsReason(String body, String reason) throws Exception {
        HttpResponse<String> response = put("/v1/agent/service/register", body == null ? "" : body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo(reason);
        assertThat(consul.services()).isEmpty();
    }

    @Test
    void scriptChecksAreRefusedAsOnADefaultAgent() throws Exception {
        HttpResponse<String> response = put(
                "/v1/agent/service/register",
                "{\"Name\": \"a\", \"Check\": {\"Args\": [\"/bin/true\"], \"Interval\": \"10s\"}}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body())
                .isEqualTo("Scripts are disabled on this agent from remote calls; to enable, configure"
                        + " 'enable_script_checks' to true");
    }

    @Test
    void checkUpdateTakesStatusAndOutputFromTheBody() throws Exception {
        registerOrders();

        HttpResponse<String> ok =
                put("/v1/agent/check/update/service:orders-1", "{\"Status\": \"warning\", \"Output\": \"slow\"}");
        HttpResponse<String> bad = put("/v1/agent/check/update/service:orders-1", "{\"Status\": \"meh\"}");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(consul.checks().get("service:orders-1").status()).isEqualTo(CheckStatus.WARNING);
        assertThat(consul.checks().get("service:orders-1").output()).isEqualTo("slow");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("Invalid check status: 'meh'");
    }

    @Test
    void unknownTtlCheckBodiesAreConsulsWording() throws Exception {
        HttpResponse<String> unknown = put("/v1/agent/check/pass/service:x", "");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body())
                .isEqualTo("Unknown check ID \"service:x\". Ensure that the check ID is passed, not the check name.");

        try (FakeConsul legacy = FakeConsul.start(TestConsul.fast().legacyCheckErrors(true))) {
            HttpResponse<String> old = http.send(
                    HttpRequest.newBuilder(URI.create(legacy.url() + "/v1/agent/check/pass/service:x"))
                            .PUT(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(old.statusCode()).isEqualTo(500);
            assertThat(old.body()).isEqualTo("CheckID \"service:x\" does not have associated TTL");
        }
    }

    @Test
    void badWaitAndIndexAre400() throws Exception {
        assertThat(get("/v1/catalog/services?index=1&wait=10").body()).isEqualTo("Invalid wait time");
        assertThat(get("/v1/catalog/services?index=-1").body()).isEqualTo("Invalid index");
    }

    @Test
    void statusLeaderNamesTheServer() throws Exception {
        assertThat(get("/v1/status/leader").body()).isEqualTo("\"127.0.0.1:8300\"");
        assertThat(get("/v1/status/peers").body()).isEqualTo("[\"127.0.0.1:8300\"]");
    }

    @Test
    void agentSelfDescribesTheAgent() throws Exception {
        JsonNode self = JSON.readTree(get("/v1/agent/self").body());

        assertThat(self.at("/Config/Datacenter").asText()).isEqualTo("dc1");
        assertThat(self.at("/Config/NodeName").asText()).isEqualTo("fake-consul");
        assertThat(self.at("/Config/NodeID").asText()).matches("[0-9a-f-]{36}");
        assertThat(self.at("/Config/Version").asText()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(self.at("/Config/Revision").isTextual()).isTrue();
        assertThat(self.at("/Member/Name").asText()).isEqualTo("fake-consul");
        assertThat(self.at("/Member/Status").asInt()).isEqualTo(1);
    }

    @Test
    void agentServicesBlockOnTheirContentHash() throws Exception {
        HttpResponse<String> first = get("/v1/agent/services");
        String hash = first.headers().firstValue("X-Consul-ContentHash").orElseThrow();
        assertThat(hash).matches("[0-9a-f]{16}");

        CompletableFuture<HttpResponse<String>> blocked = http.sendAsync(
                HttpRequest.newBuilder(URI.create(consul.url() + "/v1/agent/services?hash=" + hash + "&wait=10s"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> consul.blockedQueries() == 1);
        registerOrders();

        HttpResponse<String> changed = blocked.get(3, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(changed.headers().firstValue("X-Consul-ContentHash"))
                .isPresent()
                .isNotEqualTo(hash);
        assertThat(JSON.readTree(changed.body()).has("orders-1")).isTrue();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
