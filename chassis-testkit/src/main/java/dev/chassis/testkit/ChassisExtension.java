package dev.chassis.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.chassis.core.Service;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ConfigSource;
import dev.chassis.core.http.ServerStats;
import dev.chassis.core.lifecycle.ServiceState;
import dev.chassis.core.logging.LogCapture;
import dev.chassis.testkit.consul.FakeConsul;
import dev.chassis.testkit.consul.model.FakeConsulOptions;
import dev.chassis.testkit.internal.InMemoryTransport;
import dev.chassis.testkit.internal.SocketTransport;
import dev.chassis.testkit.tls.TestCertificate;
import dev.chassis.testkit.tls.TestCertificateAuthority;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the service under test for a test class (a {@code static} field) or for each test (an
 * instance field): built from its Dagger component with test overrides, on port 0 (or in memory),
 * ready before the first test, stopped after. Its logs are captured and printed only when a test
 * fails.
 *
 * <pre>{@code
 * class HelloServiceTest {
 *     @RegisterExtension
 *     static final ChassisExtension app = ChassisExtension.of(c -> DaggerHelloComponent.factory().create(c).service())
 *             .config("hello.greeting", "hi")
 *             .build();
 *
 *     @Test
 *     void greets() {
 *         app.client().get("/hello/ann").assertStatus(200).assertJson("{\"message\":\"hi, ann\"}");
 *     }
 * }
 * }</pre>
 *
 * <p>Test overrides, applied over {@code application.yaml}: {@code server.host=127.0.0.1},
 * {@code server.port=0}, {@code admin.port=0} when the service has an admin port,
 * {@code lifecycle.propagation-delay=0s}, {@code observability.tracing.exporter=logging} (so
 * spans can be asserted), {@code clients.<name>.urls} of each {@link #downstream} (not of those
 * registered in the fake agent with {@link Builder#downstreamInConsul}), the
 * {@code discovery.consul.*} keys of {@link Builder#fakeConsul}; then the builder's
 * {@link Builder#config} values. Environment variables and system properties are not
 * read, so a developer's shell cannot change a test.
 */
public final class ChassisExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final Function<Config, Service> factory;
    private final Map<String, String> overrides;
    private final List<String> yaml;
    private final List<String> downstreamNames;
    private final List<String> consulDownstreamNames;
    private final boolean inMemory;
    private final boolean useApplicationYaml;
    private final @Nullable FakeConsulOptions fakeConsul;
    private final boolean tls;
    private final @Nullable String clientAuth;
    private final @Nullable TestCertificateAuthority authority;
    private final List<String> httpsDownstreamNames;

    private final Logs logs = new Logs();
    private final Map<String, Downstream> downstreams = new LinkedHashMap<>();
    private @Nullable Service service;
    private @Nullable TestClient client;
    private @Nullable FakeConsul consul;
    private @Nullable AutoCloseable capture;
    private boolean perTest;

    private ChassisExtension(Builder b) {
        this.factory = b.factory;
        this.overrides = Map.copyOf(b.overrides);
        this.yaml = List.copyOf(b.yaml);
        this.downstreamNames = List.copyOf(b.downstreams);
        this.consulDownstreamNames = List.copyOf(b.consulDownstreams);
        this.inMemory = b.inMemory;
        this.useApplicationYaml = b.useApplicationYaml;
        this.fakeConsul = b.fakeConsul;
        this.tls = b.tls;
        this.clientAuth = b.clientAuth;
        this.httpsDownstreamNames = List.copyOf(b.httpsDownstreams);
        this.authority =
                b.tls || !b.httpsDownstreams.isEmpty() ? TestCertificateAuthority.create("CN=chassis test CA") : null;
    }

    /**
     * Starts describing the service under test.
     *
     * @param factory builds the service from a configuration, usually
     *     {@code c -> DaggerXComponent.factory().create(c).service()}, or a test component that
     *     swaps the modules touching the outside world
     */
    public static Builder of(Function<Config, Service> factory) {
        return new Builder(requireNonNull(factory, "factory"));
    }

    // ---- JUnit ----

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (service == null) {
            perTest = true;
            start();
        }
        logs.markTestStart();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            PrintStream out = System.out;
            out.println("---- log of " + context.getDisplayName() + " (the test failed) ----");
            out.print(logs.currentTestText());
            out.println("---- end of log ----");
        }
        if (perTest) {
            stop();
        }
    }

    // ---- the service ----

    private void start() {
        capture = LogCapture.into(logs.stream());
        try {
            for (String name : downstreamNames) {
                downstreams.put(name, new Downstream(name));
            }
            for (String name : httpsDownstreamNames) {
                downstreams.put(name, httpsDownstream(name));
            }
            if (fakeConsul != null) {
                consul = FakeConsul.start(fakeConsul);
            }
            for (String name : consulDownstreamNames) {
                Downstream d = new Downstream(name);
                downstreams.put(name, d);
                registerInConsul(d);
            }
            service = factory.apply(testConfig());
            if (inMemory) {
                client = new TestClient(new InMemoryTransport(service.startInMemory()));
            } else {
                service.start();
                client = new TestClient(
                        new SocketTransport(baseUri(), authority == null ? null : authority.trustingContext()));
            }
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    private Config testConfig() {
        Map<String, String> defaults = new TreeMap<>();
        defaults.put("server.host", "127.0.0.1");
        defaults.put("server.port", "0");
        defaults.put("lifecycle.propagation-delay", "0s");
        defaults.put("observability.tracing.exporter", "logging");
        if (useApplicationYaml && hasAdminPort()) {
            defaults.put("admin.port", "0");
        }
        for (String name : downstreamNames) {
            defaults.put(
                    "clients." + name + ".urls", downstreams.get(name).baseUri().toString());
        }
        if (authority != null && tls) {
            defaults.putAll(tlsDefaults(authority));
        }
        for (String name : httpsDownstreamNames) {
            defaults.put(
                    "clients." + name + ".urls", downstreams.get(name).baseUri().toString());
            defaults.put(
                    "clients." + name + ".tls.trust-certificates", trustBundle().toString());
        }
        if (consul != null) {
            defaults.putAll(discoveryDefaults(consul));
        }
        Config.Builder builder = Config.builder().substitutionVariables(System.getenv());
        if (useApplicationYaml) {
            builder.classpath(Config.APPLICATION_YAML);
        }
        builder.source(ConfigSource.optionalProperties("test defaults", defaults));
        for (int i = 0; i < yaml.size(); i++) {
            builder.yaml("test yaml " + (i + 1), yaml.get(i));
        }
        if (!overrides.isEmpty()) {
            builder.properties("test overrides", overrides);
        }
        return builder.build();
    }

    /**
     * What {@link Builder#fakeConsul} sets for a service with {@code chassis-discovery}: Consul on,
     * at the fake agent, with timings short enough for tests.
     */
    static Map<String, String> discoveryDefaults(FakeConsul consul) {
        Map<String, String> d = new TreeMap<>();
        d.put("discovery.consul.enabled", "true");
        d.put("discovery.consul.url", consul.url());
        d.put("discovery.consul.registration.check.interval", "1s");
        d.put("discovery.consul.registration.reconcile-interval", "1s");
        d.put("discovery.consul.registration.retry.initial-backoff", "100ms");
        d.put("discovery.consul.registration.retry.max-backoff", "1s");
        d.put("discovery.consul.watch.wait", "5s");
        d.put("discovery.consul.watch.min-interval", "50ms");
        d.put("discovery.consul.watch.retry.initial-backoff", "100ms");
        d.put("discovery.consul.watch.retry.max-backoff", "1s");
        d.put("discovery.consul.watch.start-wait", "2s");
        return d;
    }

    /**
     * What {@link Builder#tls()} sets: TLS on the main port with a certificate for {@code localhost}
     * and {@code 127.0.0.1} that the authority issued just now, in files of a temporary directory
     * (deleted when the JVM exits), and the authority as the trust bundle for client certificates.
     */
    private Map<String, String> tlsDefaults(TestCertificateAuthority ca) {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("chassis-tls");
            dir.toFile().deleteOnExit();
            TestCertificate server = ca.server("localhost");
            Path crt = server.writePem(dir, "server");
            Path key = dir.resolve("server.key");
            Path bundle = ca.writeTrustBundle(dir, "ca");
            for (Path p : List.of(crt, key, bundle)) {
                p.toFile().deleteOnExit();
            }
            Map<String, String> d = new TreeMap<>();
            d.put("server.tls.enabled", "true");
            d.put("server.tls.certificate", crt.toString());
            d.put("server.tls.private-key", key.toString());
            d.put("server.tls.trust-certificates", bundle.toString());
            if (clientAuth != null) {
                d.put("server.tls.client-auth", clientAuth);
            }
            return d;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the test certificate", e);
        }
    }

    private @Nullable Path trustBundle;

    /** The authority's certificate as a PEM file, written once. */
    private synchronized Path trustBundle() {
        if (trustBundle == null) {
            try {
                Path dir = java.nio.file.Files.createTempDirectory("chassis-tls-trust");
                dir.toFile().deleteOnExit();
                trustBundle = requireNonNull(authority, "authority").writeTrustBundle(dir, "ca");
                trustBundle.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write the trust bundle", e);
            }
        }
        return trustBundle;
    }

    /** A WireMock downstream over HTTPS with a certificate for localhost the authority issued. */
    private Downstream httpsDownstream(String name) {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("chassis-tls-" + name);
            dir.toFile().deleteOnExit();
            Path keystore = requireNonNull(authority, "authority")
                    .server("localhost")
                    .writePkcs12(dir.resolve(name + ".p12"), "changeit");
            keystore.toFile().deleteOnExit();
            return new Downstream(name, keystore, "changeit");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the downstream's keystore", e);
        }
    }

    /** Registers the downstream's server with the fake agent, as its service would: no check, so passing. */
    private void registerInConsul(Downstream d) {
        FakeConsul agent = requireNonNull(consul, "consul");
        String body = "{\"ID\":\"" + d.name() + "-127.0.0.1-" + d.baseUri().getPort() + "\",\"Name\":\"" + d.name()
                + "\",\"Address\":\"127.0.0.1\",\"Port\":" + d.baseUri().getPort() + "}";
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(agent.url() + "/v1/agent/service/register"))
                                    .PUT(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("registering downstream " + d.name() + " with the fake Consul agent: "
                        + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("registering downstream " + d.name() + " with the fake Consul agent", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted registering downstream " + d.name(), e);
        }
    }

    private static boolean hasAdminPort() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader != null ? loader : ChassisExtension.class.getClassLoader())
                .getResourceAsStream(Config.APPLICATION_YAML)) {
            if (in == null) {
                return false;
            }
            JsonNode port = new YAMLMapper().readTree(in).path("admin").path("port");
            return !port.isMissingNode() && !port.asText().equals("-1");
        } catch (IOException e) {
            return false;
        }
    }

    private void stop() {
        try {
            if (service != null && service.state() != ServiceState.NEW) {
                service.stop();
            }
        } finally {
            service = null;
            client = null;
            downstreams.values().forEach(Downstream::close);
            downstreams.clear();
            if (consul != null) {
                consul.close();
                consul = null;
            }
            if (capture != null) {
                try {
                    capture.close();
                } catch (Exception e) {
                    // nothing to do: the capture stream is in memory
                }
                capture = null;
            }
        }
    }

    // ---- what tests use ----

    /** The service under test. */
    public Service service() {
        if (service == null) {
            throw new IllegalStateException(
                    "the service is not running (is the extension registered with @RegisterExtension?)");
        }
        return service;
    }

    /** The bound port; -1 in memory. */
    public int port() {
        return service().port();
    }

    /** The admin port (the main port when they are one). */
    public int adminPort() {
        return service().adminPort();
    }

    /** {@code http://127.0.0.1:<port>}, or {@code https://localhost:<port>} with {@link Builder#tls()}. */
    public URI baseUri() {
        return URI.create(!tls ? "http://127.0.0.1:" + port() : "https://localhost:" + port());
    }

    /**
     * The certificate authority made for this run, with {@link Builder#tls()} or {@link
     * Builder#downstreamOverHttps}: it issued the service's and the downstreams' certificates, and
     * issues client certificates the service trusts.
     *
     * @throws IllegalStateException without either
     */
    public TestCertificateAuthority certificateAuthority() {
        if (authority == null) {
            throw new IllegalStateException("the service runs without TLS (expected: ChassisExtension.of(...).tls())");
        }
        return authority;
    }

    /** A client for the service over TLS that presents this client certificate (mTLS). */
    public TestClient client(TestCertificate clientCertificate) {
        return new TestClient(
                new SocketTransport(baseUri(), certificateAuthority().clientContext(clientCertificate)));
    }

    /** The service's bound configuration. */
    public BoundConfig config() {
        return service().config();
    }

    /** A client for the service. */
    public TestClient client() {
        service();
        return requireNonNull(client, "client");
    }

    /** A client for the admin port. */
    public TestClient adminClient() {
        if (tls && adminPort() == port()) {
            return client();
        }
        return new TestClient(new SocketTransport(URI.create("http://127.0.0.1:" + adminPort())));
    }

    /** A faked downstream registered with {@link Builder#downstream} or {@link Builder#downstreamInConsul}. */
    public Downstream downstream(String name) {
        service();
        Downstream d = downstreams.get(name);
        if (d == null) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: one of " + downstreams.keySet() + ")");
        }
        return d;
    }

    /** The fake Consul agent, when {@link Builder#fakeConsul} asked for one. */
    public FakeConsul consul() {
        service();
        if (consul == null) {
            throw new IllegalStateException("no fake Consul agent (expected: Builder.fakeConsul())");
        }
        return consul;
    }

    /** The captured log events. */
    public Logs logs() {
        return logs;
    }

    /** The service's meters (needs the observability module). */
    public Metrics metrics() {
        return new Metrics(() -> service()
                .lookup(MeterRegistry.class)
                .orElseThrow(() -> new IllegalStateException(
                        "no MeterRegistry (expected: ObservabilityModule in the component)")));
    }

    /** The spans the service finished. */
    public Traces traces() {
        return new Traces(logs);
    }

    /**
     * Sends {@code concurrency} requests to a path at once, stops the service while they are in
     * flight, and reports what each got. The route should take a while (a few hundred ms).
     * The service is stopped afterwards; use this in a per-test extension or as a class's last test.
     */
    public DrainReport stopDuring(String path, int concurrency) {
        Service s = service();
        ServerStats stats = s.lookup(ServerStats.class).orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            SocketTransport transport = new SocketTransport(baseUri());
            for (int i = 0; i < concurrency; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> transport.send("GET", path, Map.of(), new byte[0]).status(), pool));
            }
            Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> stats.inFlightRequests() >= concurrency);
            s.stop();
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<Integer> call : calls) {
                try {
                    statuses.merge(call.get(60, TimeUnit.SECONDS), 1, Integer::sum);
                } catch (Exception e) {
                    failures.add(String.valueOf(e.getCause() != null ? e.getCause() : e));
                }
            }
            return new DrainReport(concurrency, statuses, failures);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Describes the service under test. Not thread-safe. */
    public static final class Builder {
        private final Function<Config, Service> factory;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final List<String> yaml = new ArrayList<>();
        private final List<String> downstreams = new ArrayList<>();
        private final List<String> consulDownstreams = new ArrayList<>();
        private boolean inMemory;
        private boolean useApplicationYaml = true;
        private @Nullable FakeConsulOptions fakeConsul;
        private boolean tls;
        private @Nullable String clientAuth;
        private final List<String> httpsDownstreams = new ArrayList<>();

        private Builder(Function<Config, Service> factory) {
            this.factory = factory;
        }

        /** Sets a configuration key for the test, over every other layer. */
        public Builder config(String key, Object value) {
            overrides.put(requireNonNull(key, "key"), String.valueOf(requireNonNull(value, "value")));
            return this;
        }

        /** Adds a YAML layer for the test, over {@code application.yaml}. */
        public Builder yaml(String yaml) {
            this.yaml.add(requireNonNull(yaml, "yaml"));
            return this;
        }

        /** Does not read {@code application.yaml}. */
        public Builder withoutApplicationYaml() {
            useApplicationYaml = false;
            return this;
        }

        /** Fakes a downstream with a WireMock server and points {@code clients.<name>} at it. */
        public Builder downstream(String name) {
            downstreams.add(requireNonNull(name, "name"));
            return this;
        }

        /**
         * Fakes a downstream with a WireMock server and registers it with the fake Consul agent as
         * an instance of service {@code name} (with no check, so passing), leaving
         * {@code clients.<name>.urls} unset: the service under test finds it through discovery,
         * as in production. Needs {@link #fakeConsul()} and {@code chassis-discovery} in the
         * service.
         *
         * <pre>{@code
         * ChassisExtension.of(...).fakeConsul().downstreamInConsul("accounts").build();
         * }</pre>
         */
        public Builder downstreamInConsul(String name) {
            consulDownstreams.add(requireNonNull(name, "name"));
            return this;
        }

        /**
         * Fakes a downstream with a WireMock server over HTTPS only, with a certificate for
         * {@code localhost} made for the test, and points {@code clients.<name>.urls} at {@code
         * https://localhost:<port>} and {@code clients.<name>.tls.trust-certificates} at the
         * authority that issued it, so that the service calls it as it would a real TLS downstream,
         * hostname verification included.
         */
        public Builder downstreamOverHttps(String name) {
            httpsDownstreams.add(requireNonNull(name, "name"));
            return this;
        }

        /** Serves on an in-memory address instead of a socket: same pipeline, no port. */
        public Builder inMemory() {
            inMemory = true;
            return this;
        }

        /**
         * Starts a fake Consul agent beside the service, on an ephemeral port, and points a
         * service with {@code chassis-discovery} at it: {@code discovery.consul.enabled=true},
         * {@code discovery.consul.url}, and short timings (1s HTTP checks and reconciliation,
         * 5s blocking waits, 100ms-1s backoff, 2s start wait). Keys under sections the service does
         * not declare are ignored.
         */
        public Builder fakeConsul() {
            return fakeConsul(FakeConsul.options());
        }

        /** As {@link #fakeConsul()}, with these options for the agent (its reap interval, say). */
        public Builder fakeConsul(FakeConsulOptions.Builder options) {
            fakeConsul = requireNonNull(options, "options").build();
            return this;
        }

        /**
         * Serves over TLS with a certificate made for the test (nothing committed, no file to
         * keep): a throw-away authority issues one for {@code localhost} and {@code 127.0.0.1},
         * the service reads it from a temporary directory, and {@link #client()} trusts it.
         * {@link ChassisExtension#certificateAuthority()} issues client certificates the service
         * trusts.
         *
         * <pre>{@code
         * static final ChassisExtension app = ChassisExtension.of(...).tls().build();
         * app.client().get("/hello/ann").assertStatus(200);      // over https://localhost:<port>
         * }</pre>
         */
        public Builder tls() {
            tls = true;
            return this;
        }

        /**
         * As {@link #tls()}, with {@code server.tls.client-auth} set to {@code required}: a client
         * must present a certificate of {@link ChassisExtension#certificateAuthority()}; {@link
         * ChassisExtension#client(TestCertificate)} gives one that does.
         */
        public Builder mutualTls() {
            tls = true;
            clientAuth = "required";
            return this;
        }

        /** The extension, for a {@code @RegisterExtension} field. */
        public ChassisExtension build() {
            if (!consulDownstreams.isEmpty() && fakeConsul == null) {
                throw new IllegalStateException("downstreamInConsul" + consulDownstreams
                        + " needs a fake Consul agent (expected: fakeConsul())");
            }
            for (String name : consulDownstreams) {
                if (downstreams.contains(name)) {
                    throw new IllegalStateException("downstream '" + name
                            + "' is both static and in Consul (expected: downstream or downstreamInConsul)");
                }
            }
            return new ChassisExtension(this);
        }
    }
}
