package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.core.http.AttributeKey;
import dev.chassis.core.http.Completion;
import dev.chassis.core.http.ExchangeListener;
import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Handler;
import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Validatable;
import dev.chassis.core.http.Validator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request/response API over a real socket with a real client. */
class HttpServerIT {
    private static final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<String> completions = new CopyOnWriteArrayList<>();
    private static final List<String> filterTrace = new CopyOnWriteArrayList<>();
    private static TestServer server;

    record Greeting(String message) {}

    record Transfer(String from, String to, long amount, List<Line> lines) implements Validatable {
        @Override
        public void validate(Validator v) {
            v.notBlank("from", from)
                    .notBlank("to", to)
                    .range("amount", amount, 1, 1000)
                    .each("lines", lines);
        }
    }

    record Line(String memo) implements Validatable {
        @Override
        public void validate(Validator v) {
            v.length("memo", memo, 1, 5);
        }
    }

    @BeforeAll
    static void start() throws InterruptedException {
        server = TestServer.builder()
                .config("request-timeout: 500ms")
                .routes(r -> r.get(
                                "/hello/{name}",
                                req -> new Greeting(
                                        "hello, " + req.pathParam("name").asString()))
                        .group(
                                "/accounts",
                                g -> g.get(
                                                "/{id}",
                                                req -> new Greeting("account "
                                                        + req.pathParam("id").asLong()))
                                        .delete("/{id}", req -> null)
                                        .post("", req -> {
                                            Transfer t = req.body(Transfer.class);
                                            return Response.created("/accounts/1", t);
                                        }))
                        .get(
                                "/limit",
                                req -> new Greeting(
                                        "limit " + req.queryParam("limit").asInt(20)))
                        .get("/flags", req -> new Greeting(req.queryParams("f").toString()))
                        .get("/boom", req -> {
                            throw new IllegalStateException("secret internal detail");
                        })
                        .get("/teapot", req -> {
                            throw new HttpStatusException(422, "short and stout").header("X-Kettle", "on");
                        })
                        .get("/teapot-added", req -> {
                            req.addResponseHeader("X-Added", "by handler");
                            throw new HttpStatusException(422, "short and stout");
                        })
                        .get(
                                "/async",
                                req -> CompletableFuture.supplyAsync(
                                        () -> new Greeting("later"),
                                        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)))
                        .get(
                                "/async-fail",
                                req -> CompletableFuture.failedFuture(HttpStatusException.conflict("async conflict")))
                        .get(
                                "/crlf",
                                req -> Response.ok()
                                        .header("X-Evil", "a\r\nSet-Cookie: x=1")
                                        .text("no"))
                        .get("/stuck", req -> {
                            Thread.sleep(10_000);
                            return "never";
                        })
                        .get("/text", req -> Response.ok().text("plain"))
                        .get("/latin1", req -> {
                            req.addResponseHeader("X-Added-Name", "Zo\u00eb M\u00fcller");
                            return Response.ok()
                                    .header("X-Place", "caf\u00e9 \u00bd")
                                    .text("ok");
                        })
                        .get("/attributes", req -> {
                            // More keys than the first table holds, one set twice, one never set.
                            List<AttributeKey<Integer>> keys = new ArrayList<>();
                            for (int i = 0; i < 9; i++) {
                                AttributeKey<Integer> key = AttributeKey.of("n", Integer.class);
                                keys.add(key);
                                req.attribute(key, i);
                            }
                            req.attribute(keys.get(2), 20);
                            @SuppressWarnings({"unchecked", "rawtypes"})
                            AttributeKey<Object> untyped = (AttributeKey) keys.get(3);
                            boolean refused = false;
                            try {
                                req.attribute(untyped, "not an integer");
                            } catch (IllegalArgumentException e) {
                                refused = true;
                            }
                            StringBuilder seen = new StringBuilder();
                            for (AttributeKey<Integer> key : keys) {
                                seen.append(req.attribute(key).orElseThrow()).append(' ');
                            }
                            seen.append(req.attribute(AttributeKey.of("n", Integer.class))
                                            .isPresent())
                                    .append(' ')
                                    .append(req.attribute(Request.CORRELATION_ID)
                                            .orElseThrow())
                                    .append(refused ? " refused" : " taken");
                            return new Greeting(seen.toString());
                        })
                        .get(
                                "/thread",
                                req -> new Greeting(Thread.currentThread().getName())))
                .routes(r -> r.onEventLoop()
                        .get("/loop", req -> new Greeting(Thread.currentThread().getName())))
                .filter(new Filter() {
                    @Override
                    public Object filter(Request request, Handler next) throws Exception {
                        filterTrace.add("outer " + request.path());
                        Object result = next.handle(request);
                        filterTrace.add("outer done " + (result instanceof Response r ? r.status() : "value"));
                        return result;
                    }

                    @Override
                    public int order() {
                        return -10;
                    }
                })
                .listener(new ExchangeListener() {
                    @Override
                    public void onRequest(Request request) {
                        request.attribute(Request.CORRELATION_ID, "corr-1");
                        request.addResponseHeader("X-Correlation-ID", "corr-1");
                    }

                    @Override
                    public void onComplete(Request request, Completion completion) {
                        completions.add(request.method() + " " + request.route().orElse("-") + " " + completion.status()
                                + " " + completion.outcome() + " "
                                + completion.rejection().orElse("handled"));
                    }
                })
                .start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void attributesAreKeptByKeyIdentity() throws Exception {
        HttpResponse<String> response = get("/attributes");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"message\":\"0 1 20 3 4 5 6 7 8 false corr-1 refused\"}");
    }

    @Test
    void pathParametersAreDecodedAndServedAsJson() throws Exception {
        HttpResponse<String> r = get("/hello/w%C3%B6rld");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"message\":\"hello, wörld\"}");
        assertThat(r.headers().firstValue("x-correlation-id")).hasValue("corr-1");
    }

    @Test
    void typedPathParameterThatDoesNotParseIs400() throws Exception {
        HttpResponse<String> r = get("/accounts/abc");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(r.body())
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                        + "\"detail\":\"path parameter 'id': 'abc' is not an integer\",\"correlationId\":\"corr-1\"}");
    }

    @Test
    void queryParametersHaveDefaultsAndClear400s() throws Exception {
        assertThat(get("/limit").body()).isEqualTo("{\"message\":\"limit 20\"}");
        assertThat(get("/limit?limit=5").body()).isEqualTo("{\"message\":\"limit 5\"}");
        HttpResponse<String> bad = get("/limit?limit=five");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"detail\":\"query parameter 'limit': 'five' is not an integer\"");
        assertThat(get("/flags?f=a&f=b%20c").body()).isEqualTo("{\"message\":\"[a, b c]\"}");
    }

    @Test
    void jsonBodyBindsToARecordAndValidates() throws Exception {
        HttpResponse<String> ok = send(
                "POST", "/accounts", "application/json", "{\"from\":\"a\",\"to\":\"b\",\"amount\":5,\"lines\":[]}");
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(ok.headers().firstValue("location")).hasValue("/accounts/1");
        assertThat(ok.body()).isEqualTo("{\"from\":\"a\",\"to\":\"b\",\"amount\":5,\"lines\":[]}");

        HttpResponse<String> invalid = send(
                "POST",
                "/accounts",
                "application/json",
                "{\"from\":\" \",\"amount\":0,\"lines\":[{\"memo\":\"toolong\"}]}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body())
                .contains("\"detail\":\"4 fields are invalid\"")
                .contains("\"errors\":[{\"pointer\":\"/from\",\"message\":\"must not be blank\"},"
                        + "{\"pointer\":\"/to\",\"message\":\"is required\"},"
                        + "{\"pointer\":\"/amount\",\"message\":\"must be between 1 and 1000\"},"
                        + "{\"pointer\":\"/lines/0/memo\",\"message\":\"length must be between 1 and 5\"}]");
    }

    @Test
    void malformedJsonIs400WithItsPosition() throws Exception {
        HttpResponse<String> r = send("POST", "/accounts", "application/json", "{\"from\": ");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"detail\":\"request body is not valid JSON at line 1, column 10\"");
    }

    @Test
    void wronglyTypedFieldIs400WithItsPointer() throws Exception {
        HttpResponse<String> r = send(
                "POST",
                "/accounts",
                "application/json",
                "{\"from\":\"a\",\"to\":\"b\",\"amount\":\"lots\",\"lines\":[]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("{\"pointer\":\"/amount\",\"message\":\"must be an integer\"}");
        HttpResponse<String> nested = send(
                "POST",
                "/accounts",
                "application/json",
                "{\"from\":\"a\",\"to\":\"b\",\"amount\":1,\"lines\":[{\"memo\":[1]}]}");
        assertThat(nested.body()).contains("{\"pointer\":\"/lines/0/memo\",\"message\":\"must be a string\"}");
    }

    @Test
    void nonJsonContentTypeIs415() throws Exception {
        HttpResponse<String> r = send("POST", "/accounts", "text/plain", "{}");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).contains("expected Content-Type application/json, not 'text/plain'");
        assertThat(send("POST", "/accounts", null, "{}").statusCode()).isEqualTo(415);
    }

    @Test
    void emptyJsonBodyIs400() throws Exception {
        HttpResponse<String> r = send("POST", "/accounts", "application/json", "");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("a JSON request body is required");
    }

    @Test
    void unknownPathIs404Problem() throws Exception {
        HttpResponse<String> r = get("/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("\"detail\":\"no route for GET /nope\"").contains("\"correlationId\":\"corr-1\"");
    }

    @Test
    void otherMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = send("PUT", "/accounts/1", "application/json", "{}");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("DELETE, GET, HEAD, OPTIONS");
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(uri("/hello/x"))
                        .method("HEAD", BodyPublishers.noBody())
                        .build(),
                BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-length")).hasValue("22");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void optionsListsTheMethods() throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(uri("/accounts/7"))
                        .method("OPTIONS", BodyPublishers.noBody())
                        .build(),
                BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("allow")).hasValue("DELETE, GET, HEAD, OPTIONS");
    }

    @Test
    void nullResultIs204() throws Exception {
        assertThat(send("DELETE", "/accounts/3", null, "").statusCode()).isEqualTo(204);
    }

    @Test
    void handlerExceptionIs500WithoutDetails() throws Exception {
        HttpResponse<String> r = get("/boom");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body())
                .doesNotContain("secret")
                .doesNotContain("IllegalStateException")
                .doesNotContain("at dev.");
        assertThat(r.body()).contains("\"detail\":\"The server could not handle the request; the log has details.\"");
    }

    @Test
    void statusExceptionChoosesStatusAndHeaders() throws Exception {
        HttpResponse<String> r = get("/teapot");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("x-kettle")).hasValue("on");
        assertThat(r.body()).contains("\"title\":\"Unprocessable Entity\"").contains("\"detail\":\"short and stout\"");
        HttpResponse<String> added = get("/teapot-added");
        assertThat(added.statusCode()).isEqualTo(422);
        assertThat(added.headers().firstValue("x-added")).hasValue("by handler");
        assertThat(added.headers().firstValue("x-correlation-id")).hasValue("corr-1");
    }

    @Test
    void headersAreWrittenAsTheirLatin1BytesWithNamesAsGiven() throws Exception {
        String response =
                RawHttp.exchange(server.port(), "GET /latin1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 200 OK\r\n")
                .contains("\r\nX-Place: caf\u00e9 \u00bd\r\n")
                .contains("\r\nX-Added-Name: Zo\u00eb M\u00fcller\r\n")
                .contains("\r\nX-Correlation-ID: corr-1\r\n")
                .endsWith("\r\n\r\nok");
    }

    @Test
    void completionStageResultsAreAwaited() throws Exception {
        assertThat(get("/async").body()).isEqualTo("{\"message\":\"later\"}");
        HttpResponse<String> failed = get("/async-fail");
        assertThat(failed.statusCode()).isEqualTo(409);
        assertThat(failed.body()).contains("async conflict");
    }

    @Test
    void headerValueWithCrLfIsNeverWritten() throws Exception {
        HttpResponse<String> r = get("/crlf");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("set-cookie")).isEmpty();
        assertThat(r.headers().firstValue("x-evil")).isEmpty();
    }

    @Test
    void slowHandlerIsAnswered503AtTheRequestTimeout() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = get("/stuck");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("retry-after")).hasValue("1");
        assertThat(r.body()).contains("took longer than the server's limit of PT0.5S");
        assertThat(ms).isBetween(450L, 3000L);
    }

    @Test
    void handlersRunOffTheEventLoopUnlessTheyOptIn() throws Exception {
        assertThat(get("/thread").body()).doesNotContain("chassis-io");
        assertThat(get("/loop").body()).contains("chassis-io");
    }

    @Test
    void textResponsesKeepTheirType() throws Exception {
        HttpResponse<String> r = get("/text");
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(r.body()).isEqualTo("plain");
    }

    @Test
    void filtersWrapHandlersAndSeeErrorResponses() throws Exception {
        filterTrace.clear();
        get("/boom");
        assertThat(filterTrace).containsExactly("outer /boom", "outer done 500");
    }

    @Test
    void listenersHearOfEveryCompletion() throws Exception {
        completions.clear();
        get("/hello/a");
        get("/nope");
        send("PUT", "/accounts/1", "application/json", "{}");
        await().atMost(Duration.ofSeconds(2)).until(() -> completions.size() == 3);
        assertThat(completions)
                .containsExactly(
                        "GET /hello/{name} 200 COMPLETED handled",
                        "GET - 404 COMPLETED handled",
                        "PUT /accounts/{id} 405 COMPLETED handled");
    }

    @Test
    void manyConcurrentRequestsAreAllAnswered() throws Exception {
        var pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<HttpResponse<String>>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                all.add(client.sendAsync(
                        HttpRequest.newBuilder(uri("/hello/" + i)).build(), BodyHandlers.ofString()));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(all.get(i).get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"message\":\"hello, " + i + "\"}");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
