package dev.chassis.resilience.internal;

import dev.chassis.core.client.CallPolicy;
import dev.chassis.core.client.OutboundRequest;
import dev.chassis.resilience.config.ResilienceConfig;
import dev.chassis.resilience.spi.ClientFallback;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The client's {@link CallPolicy}: each downstream's policies, built on its first call and
 * shared by every later call in the process. Thread-safe.
 */
public final class ResiliencePolicies implements CallPolicy {
    private volatile ResilienceConfig config;
    private final ScheduledExecutorService scheduler;
    private final Map<String, ClientFallback> fallbacks;
    private final @Nullable MeterRegistry registry;
    private final ConcurrentMap<String, DownstreamPolicies> downstreams = new ConcurrentHashMap<>();

    public ResiliencePolicies(
            ResilienceConfig config,
            ScheduledExecutorService scheduler,
            Map<String, ClientFallback> fallbacks,
            @Nullable MeterRegistry registry) {
        this.config = config;
        this.scheduler = scheduler;
        this.fallbacks = Map.copyOf(fallbacks);
        this.registry = registry;
    }

    @Override
    public <T> CompletionStage<T> execute(OutboundRequest request, Attempt<T> attempt) {
        return policies(request.downstream()).execute(request, attempt);
    }

    /**
     * Takes a new configuration: downstreams whose settings changed get new policies on their next
     * call (calls in flight finish under the old ones; budgets and bulkheads start afresh).
     */
    public void reconfigure(ResilienceConfig next) {
        ResilienceConfig before = config;
        config = next;
        downstreams.keySet().removeIf(name -> !before.of(name).equals(next.of(name)));
    }

    private DownstreamPolicies policies(String downstream) {
        DownstreamPolicies p = downstreams.get(downstream);
        return p != null
                ? p
                : downstreams.computeIfAbsent(
                        downstream,
                        name -> new DownstreamPolicies(
                                name, config.of(name), scheduler, fallbacks.get(name), registry));
    }
}
