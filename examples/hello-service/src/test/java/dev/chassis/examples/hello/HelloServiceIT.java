package dev.chassis.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HelloServiceIT {
    private static final HttpClient client = HttpClient.newHttpClient();
    private static Service service;

    @BeforeAll
    static void start() {
        Config config = Config.builder()
                .classpath(Config.APPLICATION_YAML)
                .yaml("test", "server: {port: 0}\nlifecycle: {propagation-delay: 0s}")
                .build();
        service = DaggerHelloComponent.factory().create(config).service();
        service.start();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path));
    }

    @Test
    void greetsByName() throws Exception {
        HttpResponse<String> r = send(request("/hello/world"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"message\":\"hello, world\"}");
    }

    @Test
    void echoesAValidMessage() throws Exception {
        HttpResponse<String> r = send(request("/echo")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"hi\",\"times\":2}")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"message\":\"hi\",\"times\":2}");
    }

    @Test
    void refusesAnInvalidEcho() throws Exception {
        HttpResponse<String> r = send(request("/echo")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"\",\"times\":11}")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(r.body())
                .contains("\"errors\":[{\"pointer\":\"/message\",\"message\":\"must not be blank\"},"
                        + "{\"pointer\":\"/times\",\"message\":\"must be between 1 and 10\"}]");
    }

    @Test
    void isReadyAndSaysWhoItIs() throws Exception {
        assertThat(send(request("/health/ready")).statusCode()).isEqualTo(200);
        assertThat(send(request("/info")).body()).startsWith("{\"name\":\"hello-service\",\"version\":\"0.1.0-SNAPSHOT\"");
    }
}
