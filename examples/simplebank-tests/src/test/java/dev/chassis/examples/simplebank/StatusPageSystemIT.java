package dev.chassis.examples.simplebank;

import static dev.chassis.examples.simplebank.ServiceProcess.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chassis.testkit.consul.FakeConsul;
import dev.chassis.testkit.kafka.KafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * transfers-service's live status page in headless Chromium while SimpleBank runs: the breaker of
 * accounts-service's instance shows closed, turns open when accounts-service is killed and closed
 * again when it is back, as the page polls it. Screenshots land in
 * {@code target/status-page/} (laptop and phone widths). Needs Debian's {@code chromium} and
 * {@code chromium-driver}; without them the test skips, except on CI ({@code CI=true}), where it fails.
 */
class StatusPageSystemIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String SELECTOR = "[data-downstream='accounts-service'][data-breaker]";

    private static FakeConsul consul;
    private static KafkaBroker kafka;
    private static ServiceProcess accounts;
    private static ServiceProcess transfers;
    private static int adminPort;
    private static ChromeDriver browser;
    private static Path shots;

    @BeforeAll
    static void start() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: install Debian's chromium and chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(
                installed, "the status page's browser test needs Debian's chromium and chromium-driver; skipped");
        Path dir = Path.of(System.getProperty("simplebank.dir", "target/simplebank"))
                .resolve("status-page");
        shots = dir.getParent().getParent().resolve("status-page");
        Files.createDirectories(dir);
        Files.createDirectories(shots);
        for (String log : List.of("accounts-service.log", "transfers-service.log")) {
            Files.deleteIfExists(dir.resolve(log));
        }
        consul = FakeConsul.start();
        kafka = KafkaBroker.start();
        Map<String, String> common = Map.of("CONSUL_HTTP_ADDR", consul.url());
        accounts = new ServiceProcess(
                "accounts-service",
                jar("accounts.jar"),
                freePort(),
                with(
                        common,
                        "DATABASE_URL",
                        "jdbc:h2:file:" + dir.toAbsolutePath().resolve("accounts-" + UUID.randomUUID())),
                dir);
        adminPort = freePort();
        Map<String, String> env = with(common, "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env = with(env, "CHASSIS_OBSERVABILITY_STATUS_SAMPLE_INTERVAL", "1s");
        transfers = new ServiceProcess("transfers-service", jar("transfers.jar"), freePort(), env, dir)
                .adminPort(adminPort);
        accounts.start();
        transfers.start();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (transfers != null) {
            transfers.close();
        }
        if (accounts != null) {
            accounts.close();
        }
        if (consul != null) {
            consul.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theBreakerOfAccountsOpensOnThePageWhenItDiesAndClosesWhenItReturns() throws Exception {
        String alice = open("alice", 100_000);
        String bob = open("bob", 0);
        await().atMost(Duration.ofSeconds(15)).until(() -> transfer(alice, bob).statusCode() == 201);

        browser.get("http://127.0.0.1:" + adminPort + "/admin/status");
        awaitBreaker("closed");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(textOf("#ready")).isEqualTo("ready"));
        assertThat(textOf("[data-route='POST /transfers']")).startsWith("POST /transfers");
        assertThat(textOf("[data-check='lifecycle']")).contains("UP");
        assertThat(textOf("[data-pool='main']")).startsWith("main");
        // discovery's view of the instance beside its breaker: its health in Consul and its age
        assertThat(textOf("[data-downstream='accounts-service'][data-health]")).matches("passing, known \\d+ (s|min)");
        screenshot("1-closed.png");

        accounts.kill();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(transfer(alice, bob).statusCode()).isEqualTo(503);
                    return "open".equals(breakerOnPage());
                });
        assertThat(chipOnPage()).startsWith("chip open | ").endsWith(": open");
        assertThat(textOf("[data-downstream-card='accounts-service']")).containsPattern("errors [1-9]");
        screenshot("2-open.png");

        accounts.start();
        await().atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    transfer(alice, bob);
                    return "closed".equals(breakerOnPage());
                });
        assertThat(chipOnPage()).startsWith("chip closed | ").endsWith(": closed");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> textOf("[data-downstream='accounts-service'][data-health='passing']") != null);
        screenshot("3-closed-again.png");

        // Each update replaces the page's elements, never adds to them: the same count five polls apart.
        long elements = elementCount();
        String updated = textOf("#conn");
        for (int i = 0; i < 5; i++) {
            String before = updated;
            await().atMost(Duration.ofSeconds(10)).until(() -> !textOf("#conn").equals(before));
            updated = textOf("#conn");
        }
        assertThat(elementCount()).isEqualTo(elements);
        // The browser asked for nothing the service has no route for (no /favicon.ico).
        assertThat(textOf("[data-route='GET unmatched']")).isNull();

        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot("4-phone.png");
        // Nothing on the page was fetched from anywhere but the service.
        Object foreign = browser.executeScript("return performance.getEntriesByType('resource')"
                + ".map(function (e) { return e.name; })"
                + ".filter(function (n) { return n.indexOf(location.origin) !== 0; });");
        assertThat((List<?>) foreign).isEmpty();
    }

    /** The breaker chip's state, in one script call: the page replaces its elements at every update. */
    private static String breakerOnPage() {
        return (String) browser.executeScript(
                "var e = document.querySelector(arguments[0]);" + " return e ? e.getAttribute('data-breaker') : null;",
                SELECTOR);
    }

    /** The chip's text and class at once. */
    private static String chipOnPage() {
        return (String) browser.executeScript(
                "var e = document.querySelector(arguments[0]);"
                        + " return e ? e.className + ' | ' + e.textContent : null;",
                SELECTOR);
    }

    private static long elementCount() {
        return (Long) browser.executeScript("return document.getElementsByTagName('*').length;");
    }

    private static String textOf(String selector) {
        return (String) browser.executeScript(
                "var e = document.querySelector(arguments[0]); return e ? e.textContent : null;", selector);
    }

    private static void awaitBreaker(String state) {
        await().atMost(Duration.ofSeconds(15)).until(() -> state.equals(breakerOnPage()));
    }

    private static void screenshot(String name) throws IOException {
        Files.write(shots.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static String open(String owner, long cents) throws Exception {
        HttpResponse<String> r = accounts.send(
                "POST", "/accounts", "{\"owner\":\"" + owner + "\",\"openingBalanceCents\":" + cents + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("id").asText();
    }

    private static HttpResponse<String> transfer(String from, String to) throws Exception {
        return transfers.send(
                "POST",
                "/transfers",
                "{\"fromAccount\":\"" + from + "\",\"toAccount\":\"" + to + "\",\"amountCents\":1}",
                "Idempotency-Key",
                UUID.randomUUID().toString());
    }

    private static Path jar(String property) {
        Path jar = Path.of(System.getProperty(property, "missing-" + property));
        assertThat(jar).as("the packaged jar (system property %s)", property).isRegularFile();
        return jar;
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> map = new HashMap<>(base);
        map.put(key, value);
        return map;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
