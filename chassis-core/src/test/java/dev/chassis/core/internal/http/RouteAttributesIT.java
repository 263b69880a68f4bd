package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.chassis.core.http.AttributeKey;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Handler;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Values declared with {@code Routing.with} reach the filters of the route's requests. */
class RouteAttributesIT {
    private static final AttributeKey<String> NEED = AttributeKey.of("need", String.class);
    private static final HttpClient http = HttpClient.newHttpClient();
    private static TestServer server;

    /** Answers with what the matched route declared, without calling the handler. */
    private static final Filter REPORT = new Filter() {
        @Override
        public Object filter(Request request, Handler next) {
            return Response.ok()
                    .header("X-Need", request.routeAttribute(NEED).orElse("-"))
                    .header(
                            "X-Admin",
                            request.routeAttribute(Routing.ADMIN)
                                    .map(String::valueOf)
                                    .orElse("-"))
                    .text("ok");
        }
    };

    @BeforeAll
    static void start() throws InterruptedException {
        Handler ok = request -> "ok";
        server = TestServer.builder()
                .routes(routing -> {
                    routing.get("/plain", ok);
                    routing.with(NEED, "group")
                            .group(
                                    "/g",
                                    g -> g.get("/a", ok).with(NEED, "inner").get("/b", ok));
                    routing.admin().get("/status", ok);
                })
                .filter(REPORT)
                .start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routeWithoutAValueHasNone() throws Exception {
        assertThat(get("/plain").headers().firstValue("X-Need")).hasValue("-");
    }

    @Test
    void groupValueReachesItsRoutesAndAnInnerOneReplacesIt() throws Exception {
        assertThat(get("/g/a").headers().firstValue("X-Need")).hasValue("group");
        assertThat(get("/g/b").headers().firstValue("X-Need")).hasValue("inner");
    }

    @Test
    void adminRoutesCarryTheAdminMarkAndOthersDoNot() throws Exception {
        assertThat(get("/status").headers().firstValue("X-Admin")).hasValue("true");
        assertThat(get("/plain").headers().firstValue("X-Admin")).hasValue("-");
    }

    @Test
    void unmatchedRequestsHaveNoRouteValues() throws Exception {
        assertThat(get("/nowhere").headers().firstValue("X-Need")).hasValue("-");
        HttpResponse<String> wrongMethod = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/g/a"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.headers().firstValue("X-Need")).hasValue("-");
    }

    @Test
    void valueOfAnotherTypeIsRefused() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        AttributeKey<Object> raw = (AttributeKey) NEED;
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RoutingCollector().with(raw, 42))
                .withMessage("value: java.lang.Integer for AttributeKey[need] (expected: a java.lang.String)");
    }
}
