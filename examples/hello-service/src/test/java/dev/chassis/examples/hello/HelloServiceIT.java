package dev.chassis.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service on a real socket: health, info, metrics and correlated logs. */
class HelloServiceIT {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(
                    config -> DaggerHelloComponent.factory().create(config).service())
            .config("hello.greeting", "hi")
            .build();

    @Test
    void greetsWithTheConfiguredWord() {
        app.client().get("/hello/ann").assertStatus(200).assertJson("{\"message\":\"hi, ann\"}");
    }

    @Test
    void isReadyAndSaysWhoItIs() {
        app.client().get("/health/ready").assertStatus(200);
        assertThat(app.client().get("/info").tree().path("name").asText()).isEqualTo("hello-service");
    }

    @Test
    void infoShowsTheCommitTheBuildRecorded() throws Exception {
        java.util.Properties git = new java.util.Properties();
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream("git.properties")) {
            assertThat(in).as("git.properties written by the build").isNotNull();
            git.load(in);
        }
        com.fasterxml.jackson.databind.JsonNode info = app.client().get("/info").tree();
        String recorded = git.getProperty("git.commit.id.abbrev");
        if (recorded == null) {
            // Built outside a git checkout: the plugin writes no commit, and /info leaves it out.
            assertThat(info.has("commit")).isFalse();
            return;
        }
        assertThat(info.path("commit").asText()).isEqualTo(recorded).matches("[0-9a-f]{10}");
        String gitDir = gitOutput("rev-parse", "--absolute-git-dir");
        String commonDir = gitOutput("rev-parse", "--path-format=absolute", "--git-common-dir");
        if (gitDir != null && gitDir.equals(commonDir)) {
            // An ordinary clone (a linked worktree is the plugin's known blind spot): the checkout's HEAD.
            assertThat(git.getProperty("git.commit.id")).isEqualTo(gitOutput("rev-parse", "HEAD"));
        }
    }

    /** What a git command prints, or null when git or a checkout is not there. */
    private static String gitOutput(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git"));
        command.addAll(java.util.List.of(args));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Test
    void everyLogEventOfARequestCarriesItsIds() {
        TestResponse r = app.client().get("/hello/bob", "X-Correlation-ID", "hello-it-1");
        app.logs().assertCorrelated(r);
        assertThat(r.correlationId()).isEqualTo("hello-it-1");
    }

    @Test
    void countsRequestsByRouteTemplate() {
        app.client().get("/hello/one");
        app.client().get("/hello/two");
        org.awaitility.Awaitility.await()
                .until(() -> app.metrics()
                                .timerCount(
                                        "http.server.request.duration",
                                        "http.route",
                                        "/hello/{name}",
                                        "http.response.status_code",
                                        "200")
                        >= 2);
        assertThat(app.client().get("/metrics").body()).contains("http_route=\"/hello/{name}\"");
    }
}
