package dev.chassis.core;

import dev.chassis.core.health.HealthCheck;
import dev.chassis.core.http.Routes;
import dev.chassis.core.lifecycle.LifecycleParticipant;
import java.util.LinkedHashSet;
import java.util.Set;

/** What a test puts into {@link TestComponent}. */
final class TestParts {
    final Set<Routes> routes = new LinkedHashSet<>();
    final Set<HealthCheck> checks = new LinkedHashSet<>();
    final Set<LifecycleParticipant> participants = new LinkedHashSet<>();

    TestParts routes(Routes r) {
        routes.add(r);
        return this;
    }

    TestParts check(HealthCheck c) {
        checks.add(c);
        return this;
    }

    TestParts participant(LifecycleParticipant p) {
        participants.add(p);
        return this;
    }
}
