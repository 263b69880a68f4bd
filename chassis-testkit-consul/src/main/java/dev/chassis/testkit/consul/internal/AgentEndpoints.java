package dev.chassis.testkit.consul.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import dev.chassis.testkit.consul.model.CheckStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent endpoints: {@code /v1/agent/self}, services and checks, registration,
 * deregistration, TTL updates, and {@code /v1/status/*}. Agent endpoints answer from the agent's
 * own state and carry no {@code X-Consul-Index}, as in Consul.
 */
final class AgentEndpoints implements Routes {
    private static final Logger log = LoggerFactory.getLogger("dev.chassis.testkit.consul.FakeConsul");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeAgent agent;

    AgentEndpoints(FakeAgent agent) {
        this.agent = agent;
    }

    @Override
    public void register(Routing routing) {
        routing.get("/v1/agent/self", Answers.consul(request -> Answers.json(agent.raft.read(agent.views::self))))
                .get("/v1/agent/services", Answers.consul(this::services))
                .get("/v1/agent/service/{id...}", Answers.consul(this::service))
                .get(
                        "/v1/agent/checks",
                        Answers.consul(
                                request -> Answers.json(agent.raft.read(() -> agent.views.agentChecks(agent.catalog)))))
                .put("/v1/agent/service/register", Answers.consul(this::registerService))
                .put("/v1/agent/service/deregister/{id...}", Answers.consul(this::deregister))
                .put("/v1/agent/check/pass/{id...}", Answers.consul(r -> noteUpdate(r, CheckStatus.PASSING)))
                .put("/v1/agent/check/warn/{id...}", Answers.consul(r -> noteUpdate(r, CheckStatus.WARNING)))
                .put("/v1/agent/check/fail/{id...}", Answers.consul(r -> noteUpdate(r, CheckStatus.CRITICAL)))
                .put("/v1/agent/check/update/{id...}", Answers.consul(this::bodyUpdate))
                .get("/v1/status/leader", request -> Answers.json(Views.SERVER_ADDRESS))
                .get("/v1/status/peers", request -> Answers.json(List.of(Views.SERVER_ADDRESS)));
    }

    /** Supports Consul's hash-based blocking: {@code ?hash=<X-Consul-ContentHash>&wait=...}. */
    private Object services(Request request) {
        Query query = Query.of(request, agent.options.datacenter());
        String hash = request.queryParam("hash").asString("");
        if (hash.isEmpty()) {
            return agent.raft.read(this::servicesAnswer);
        }
        return agent.answers.await(request, () -> !servicesHash().equals(hash), query.timeout(), this::servicesAnswer);
    }

    private Response servicesAnswer() {
        return Answers.json(agent.views.agentServices(agent.catalog)).header("X-Consul-ContentHash", servicesHash());
    }

    private String servicesHash() {
        return Views.contentHash(bytes(agent.views.agentServices(agent.catalog)));
    }

    private Object service(Request request) {
        String id = request.pathParam("id").asString();
        return agent.raft.read(() -> {
            ServiceRecord service = agent.catalog.service(id);
            if (service == null) {
                return Answers.text(404, "unknown service ID: " + id);
            }
            Wire.AgentService view = agent.views.agentService(service);
            return Answers.json(view).header("X-Consul-ContentHash", Views.contentHash(bytes(view)));
        });
    }

    private Object registerService(Request request) {
        ServiceDefinition service = agent.registrations.read(request.body());
        List<String> replace = request.queryParams("replace-existing-checks");
        boolean replaceChecks = !replace.isEmpty()
                && (replace.get(0).isEmpty() || replace.get(0).equals("true"));
        agent.catalog.register(service, replaceChecks);
        log.info(
                "registered service {} ({} at {}:{}) with {}",
                service.id(),
                service.name(),
                service.address(),
                service.port(),
                service.checks().isEmpty()
                        ? "no check"
                        : service.checks().stream()
                                .map(AgentEndpoints::describe)
                                .collect(Collectors.joining(", ")));
        return Answers.empty();
    }

    /** A check as the registration log shows it: what runs, how often, when the service is reaped. */
    private static String describe(CheckDefinition c) {
        StringBuilder b = new StringBuilder("check ").append(c.id()).append(' ').append(c.type());
        if (!c.target().isEmpty()) {
            b.append(' ').append(c.target());
        }
        if (!c.interval().isZero()) {
            b.append(" every ").append(GoDuration.format(c.interval()));
        }
        if (!c.ttl().isZero()) {
            b.append(" ttl ").append(GoDuration.format(c.ttl()));
        }
        b.append(", DeregisterCriticalServiceAfter ")
                .append(
                        c.deregisterCriticalServiceAfter().isZero()
                                ? "never"
                                : GoDuration.format(c.deregisterCriticalServiceAfter()));
        return b.toString();
    }

    private Object deregister(Request request) {
        String id = request.pathParam("id").asString();
        if (!agent.catalog.deregister(id)) {
            throw new ConsulError(
                    404,
                    "Unknown service ID \"" + id + "\". Ensure that the service ID is passed, not the service name.");
        }
        log.info("deregistered service {}", id);
        return Answers.empty();
    }

    private Object noteUpdate(Request request, CheckStatus status) {
        return update(
                request.pathParam("id").asString(),
                status,
                request.queryParam("note").asString(""));
    }

    private Object bodyUpdate(Request request) {
        JsonFields body = new JsonFields(parseObject(request.body()), "checkUpdate");
        String statusText = body.string("Status");
        CheckStatus status;
        try {
            status = CheckStatus.ofWireName(statusText);
        } catch (IllegalArgumentException e) {
            throw ConsulError.badRequest("Invalid check status: '" + statusText + "'");
        }
        return update(request.pathParam("id").asString(), status, body.string("Output"));
    }

    private Object update(String checkId, CheckStatus status, String output) {
        return switch (agent.catalog.updateTtl(checkId, status, output)) {
            case UPDATED -> Answers.empty();
            case NOT_TTL -> throw noTtl(checkId);
            case UNKNOWN_CHECK ->
                throw agent.options.legacyCheckErrors()
                        ? noTtl(checkId)
                        : new ConsulError(
                                404,
                                "Unknown check ID \"" + checkId
                                        + "\". Ensure that the check ID is passed, not the check name.");
        };
    }

    private static ConsulError noTtl(String checkId) {
        return new ConsulError(500, "CheckID \"" + checkId + "\" does not have associated TTL");
    }

    private static JsonNode parseObject(byte[] body) {
        if (body.length == 0) {
            throw ConsulError.badRequest("Request decode failed: EOF");
        }
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw ConsulError.badRequest("Request decode failed: json: cannot unmarshal "
                        + (tree == null ? "null" : JsonFields.kind(tree)) + " into Go value of type agent.checkUpdate");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw ConsulError.badRequest("Request decode failed: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ConsulError.badRequest("Request decode failed: " + e.getMessage());
        }
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
