package dev.chassis.testkit.consul.internal;

import dev.chassis.testkit.consul.model.CheckStatus;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * A registered check and where it stands. Its mutable fields are guarded by the {@link Raft}
 * lock; the runner of checks owns {@link #scheduled}.
 */
final class CheckRecord {
    /** Consul keeps at most this much check output. */
    static final int OUTPUT_MAX_SIZE = 4096;

    final CheckDefinition definition;
    final String serviceId;
    long createIndex;
    long modifyIndex;
    CheckStatus status;
    String output = "";
    /** The catalog's clock when the check turned critical; meaningful while critical. */
    long criticalSince;

    int successes;
    int failures;
    /** False once deregistered or replaced: late results are dropped. */
    volatile boolean live = true;

    /** The next run of an HTTP or TCP check, or the expiry of a TTL check. */
    volatile @Nullable Future<?> scheduled;

    CheckRecord(CheckDefinition definition, String serviceId, long createIndex, CheckStatus status, long now) {
        this.definition = definition;
        this.serviceId = serviceId;
        this.createIndex = createIndex;
        this.modifyIndex = createIndex;
        this.status = status;
        this.criticalSince = now;
    }

    String id() {
        return definition.id();
    }

    static String truncate(String output) {
        if (output.length() <= OUTPUT_MAX_SIZE) {
            return output;
        }
        return output.substring(0, OUTPUT_MAX_SIZE) + " ... (captured " + OUTPUT_MAX_SIZE + " of " + output.length()
                + " bytes)";
    }
}
