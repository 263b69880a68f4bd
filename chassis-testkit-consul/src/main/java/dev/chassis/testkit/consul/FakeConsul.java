package dev.chassis.testkit.consul;

import static java.util.Objects.requireNonNull;

import dev.chassis.core.common.Checks;
import dev.chassis.testkit.consul.internal.ConsulServer;
import dev.chassis.testkit.consul.model.CheckState;
import dev.chassis.testkit.consul.model.CheckStatus;
import dev.chassis.testkit.consul.model.FakeConsulOptions;
import dev.chassis.testkit.consul.model.RecordedRequest;
import dev.chassis.testkit.consul.model.RegisteredService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fake Consul agent on a real socket: a single-node dev agent that is also the server, with
 * the agent, health, catalog, KV and status endpoints, blocking queries, checks that run, a
 * reaper, and faults a test can switch on.
 *
 * <pre>{@code
 * try (FakeConsul consul = FakeConsul.start(FakeConsul.options().reapInterval(Duration.ofMillis(100)))) {
 *     Consul client = Consul.builder().withUrl(consul.url()).build();
 *     client.agentClient().register(registration);
 *     assertThat(consul.services()).containsKey("orders-1");
 *     consul.down();            // connections refused
 *     consul.up();              // back on the same port, state kept
 * }
 * }</pre>
 *
 * <p>What it answers and how closely is described in the module's README. Thread-safe.
 */
public final class FakeConsul implements AutoCloseable {
    private final FakeConsulOptions options;
    private final ConsulServer server;

    private FakeConsul(FakeConsulOptions options, ConsulServer server) {
        this.options = options;
        this.server = server;
    }

    /** A builder of options, starting from the defaults. */
    public static FakeConsulOptions.Builder options() {
        return FakeConsulOptions.builder();
    }

    /** Starts a fake agent with the default options, on an ephemeral port of 127.0.0.1. */
    public static FakeConsul start() {
        return start(FakeConsulOptions.defaults());
    }

    /**
     * Starts a fake agent.
     *
     * @throws IllegalArgumentException if an option is out of range
     * @throws dev.chassis.core.common.ChassisException if the port cannot be bound
     */
    public static FakeConsul start(FakeConsulOptions.Builder options) {
        return start(requireNonNull(options, "options").build());
    }

    /**
     * Starts a fake agent.
     *
     * @throws dev.chassis.core.common.ChassisException if the port cannot be bound
     */
    public static FakeConsul start(FakeConsulOptions options) {
        requireNonNull(options, "options");
        return new FakeConsul(options, ConsulServer.start(options));
    }

    /** The bound port; the same after {@link #down()} and {@link #up()} or {@link #restart()}. */
    public int port() {
        return server.port();
    }

    /** The agent's base URL, {@code http://127.0.0.1:8500}, as Consul clients take it. */
    public String url() {
        String host = options.host().equals("0.0.0.0") || options.host().equals("::") ? "127.0.0.1" : options.host();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    // ---- what it holds ----

    /** The services registered now, by service ID, in ID order. */
    public Map<String, RegisteredService> services() {
        return server.agent().services();
    }

    /** A registered service by ID. */
    public Optional<RegisteredService> service(String serviceId) {
        return Optional.ofNullable(services().get(requireNonNull(serviceId, "serviceId")));
    }

    /** The checks registered now, by check ID, in ID order. */
    public Map<String, CheckState> checks() {
        return server.agent().checks();
    }

    /** The status of a check now. */
    public Optional<CheckStatus> checkStatus(String checkId) {
        CheckState check = checks().get(requireNonNull(checkId, "checkId"));
        return check == null ? Optional.empty() : Optional.of(check.status());
    }

    /** A KV value as UTF-8 text; an empty value is the empty string. */
    public Optional<String> value(String key) {
        return server.agent().value(requireNonNull(key, "key"));
    }

    /** Writes a KV value as UTF-8 text, as a {@code PUT /v1/kv/<key>} would. */
    public void putValue(String key, String value) {
        server.agent().putValue(requireNonNull(key, "key"), requireNonNull(value, "value"));
    }

    /** The last raft index given out; every change takes the next one. */
    public long index() {
        return server.agent().index();
    }

    /** How many blocking queries are waiting for a change now. */
    public int blockedQueries() {
        return server.agent().blockedQueries();
    }

    /** Every request received, oldest first, recorded on arrival. */
    public List<RecordedRequest> requests() {
        return server.agent().requests().snapshot();
    }

    /** The requests with this method whose path starts with the prefix, oldest first. */
    public List<RecordedRequest> requests(String method, String pathPrefix) {
        requireNonNull(method, "method");
        requireNonNull(pathPrefix, "pathPrefix");
        return requests().stream().filter(r -> r.matches(method, pathPrefix)).toList();
    }

    /** Forgets the requests received so far. */
    public void clearRequests() {
        server.agent().requests().clear();
    }

    // ---- time ----

    /**
     * Lets this much time pass for the reaper at once, then runs it: every check critical now
     * counts the time toward its {@code DeregisterCriticalServiceAfter}, and the services past it
     * are removed, as Consul's reaper removes them. Checks keep running on the real clock. This
     * is how a test sees an instance that crashed reaped without waiting Consul's minute.
     *
     * <pre>{@code
     * process.destroyForcibly();                                  // no deregistration
     * await().until(() -> consul.checkStatus(checkId).equals(Optional.of(CheckStatus.CRITICAL)));
     * assertThat(consul.advanceClock(Duration.ofMinutes(3).plusSeconds(1))).containsExactly(serviceId);
     * }</pre>
     *
     * @return the IDs of the services the reaper removed
     * @throws IllegalArgumentException if negative
     */
    public List<String> advanceClock(Duration duration) {
        requireNonNull(duration, "duration");
        Checks.notNegative("duration", duration);
        return server.agent().advanceClock(duration);
    }

    // ---- faults ----

    /**
     * Closes the listener and every open connection, as a stopped agent: connections are refused
     * until {@link #up()}. State is kept and checks keep running. A blocking query in flight is
     * answered 503 and its connection closed.
     */
    public void down() {
        server.down();
    }

    /** Opens the listener again, on the same port. Does nothing when it is up. */
    public void up() {
        server.up();
    }

    /** Whether the listener is open. */
    public boolean isUp() {
        return server.isUp();
    }

    /**
     * Restarts as an agent that lost its data: goes down, forgets every service, check and key,
     * and comes back up on the same port with the raft index back where a fresh agent starts,
     * lower than any index answered before.
     */
    public void restart() {
        server.restart();
    }

    /** Reports {@code X-Consul-Index: 0} on every read while on, as buggy older servers did. */
    public void forceIndexZero(boolean on) {
        server.agent().faults().forceIndexZero(on);
    }

    /**
     * Halves every index, keeping the data, as a restore from an older snapshot does: every read
     * answers a lower {@code X-Consul-Index} than before, and a blocking query on an index above
     * the new one waits its full time.
     */
    public void indexGoesBackwards() {
        server.agent().lowerIndexes();
    }

    /**
     * Delays every answer by this much; {@link Duration#ZERO} for none.
     *
     * @throws IllegalArgumentException if negative
     */
    public void slowResponses(Duration delay) {
        requireNonNull(delay, "delay");
        Checks.notNegative("delay", delay);
        server.agent().faults().slowResponses(delay);
    }

    /**
     * Answers reads as a server cut off from its leader: {@code X-Consul-Knownleader: false} and
     * {@code X-Consul-Lastcontact} in milliseconds. {@link Duration#ZERO} turns it off.
     *
     * @throws IllegalArgumentException if negative
     */
    public void staleAnswers(Duration lastContact) {
        requireNonNull(lastContact, "lastContact");
        Checks.notNegative("lastContact", lastContact);
        server.agent().faults().staleAnswers(lastContact.isZero() ? null : lastContact);
    }

    /**
     * Answers the next request whose path starts with the prefix with this status and body
     * instead of the endpoint. A 2xx body is sent as {@code application/json} (to feed a client
     * garbage JSON), any other as text.
     *
     * <pre>{@code
     * consul.failNext("/v1/health/service/orders", 500, "rpc error: No cluster leader");
     * consul.failNext("/v1/kv/config/", 200, "{not json");
     * }</pre>
     *
     * @throws IllegalArgumentException if the status is not 200-599
     */
    public void failNext(String pathPrefix, int status, String body) {
        failNext(pathPrefix, 1, status, body);
    }

    /**
     * As {@link #failNext(String, int, String)}, for the next {@code times} such requests.
     *
     * @throws IllegalArgumentException if {@code times} is below 1 or the status is not 200-599
     */
    public void failNext(String pathPrefix, int times, int status, String body) {
        requireNonNull(pathPrefix, "pathPrefix");
        requireNonNull(body, "body");
        if (times < 1) {
            throw new IllegalArgumentException("times: " + times + " (expected: >= 1)");
        }
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 200-599)");
        }
        server.agent().faults().fail(pathPrefix, times, status, body);
    }

    /** Turns every fault off: no delay, fresh answers, real indexes, no queued failures. */
    public void clearFaults() {
        server.agent().faults().clear();
    }

    /** Stops the listener, the checks and the reaper. Safe to call more than once. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "FakeConsul[" + url() + (isUp() ? "" : ", down") + "]";
    }
}
