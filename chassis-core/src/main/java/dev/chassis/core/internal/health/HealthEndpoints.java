package dev.chassis.core.internal.health;

import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.health.Health;
import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import dev.chassis.core.internal.Texts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health endpoints: liveness, readiness (the service's own state first, then every readiness
 * check) and the full document. 200 when up, 503 when down, same JSON either way, in the shape
 * of Spring Boot's health endpoint (the check results as {@code components} by name), which
 * Spring Boot Admin and the monitors that know Actuator read:
 *
 * <pre>{@code
 * {"status":"UP","components":{"lifecycle":{"status":"UP","details":{"state":"READY"}},"db":{"status":"UP"}}}
 * }</pre>
 */
public final class HealthEndpoints implements Routes {
    private static final Logger log = LoggerFactory.getLogger(HealthEndpoints.class);

    private final AdminConfig config;
    private final List<HealthCheck> readiness;
    private final List<HealthCheck> liveness;
    private final Supplier<Health> lifecycle;

    /**
     * @param lifecycle the service's own state: up only while started and not stopping
     */
    public HealthEndpoints(AdminConfig config, Iterable<HealthCheck> checks, Supplier<Health> lifecycle) {
        this.config = config;
        List<HealthCheck> ready = new ArrayList<>();
        List<HealthCheck> live = new ArrayList<>();
        for (HealthCheck check : checks) {
            (check.kind() == HealthCheck.Kind.LIVENESS ? live : ready).add(check);
        }
        ready.sort(Comparator.comparing(HealthCheck::name));
        live.sort(Comparator.comparing(HealthCheck::name));
        this.readiness = List.copyOf(ready);
        this.liveness = List.copyOf(live);
        this.lifecycle = lifecycle;
    }

    @Override
    public void register(Routing routing) {
        Routing admin = routing.admin();
        admin.get(config.livePath(), request -> document(false, liveness));
        admin.get(config.readyPath(), request -> document(true, readiness));
        List<HealthCheck> all = new ArrayList<>(liveness);
        all.addAll(readiness);
        admin.get(config.healthPath(), request -> document(true, all));
    }

    private Response document(boolean withLifecycle, List<HealthCheck> checks) {
        Map<String, Health> results = new LinkedHashMap<>();
        boolean up = true;
        if (withLifecycle) {
            Health state = lifecycle.get();
            results.put("lifecycle", state);
            up = state.isUp();
        }
        for (HealthCheck check : checks) {
            Health health = run(check);
            results.put(check.name(), health);
            up &= health.isUp();
        }
        Health.Status status = up ? Health.Status.UP : Health.Status.DOWN;
        return Response.status(up ? 200 : 503)
                .header("Cache-Control", "no-store")
                .json(new HealthDocument(status, results));
    }

    private static Health run(HealthCheck check) {
        try {
            Health health = check.check();
            return health == null ? Health.down("the check returned nothing") : health;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down("interrupted");
        } catch (Exception | LinkageError e) {
            log.warn("health check {} failed", check.name(), e);
            String message = e.getMessage();
            return Health.down(
                    e.getClass().getSimpleName() + (message == null ? "" : ": " + Texts.clean(message, 200)));
        }
    }

    /**
     * The JSON document.
     *
     * @param status up when every check is
     * @param components each check's result by name
     */
    public record HealthDocument(Health.Status status, Map<String, Health> components) {}
}
