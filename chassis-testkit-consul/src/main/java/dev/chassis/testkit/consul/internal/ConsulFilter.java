package dev.chassis.testkit.consul.internal;

import dev.chassis.core.http.Filter;
import dev.chassis.core.http.Handler;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import dev.chassis.testkit.consul.model.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Outermost around every request: records it, answers an injected failure instead of the
 * endpoint, delays the answer when asked to, and serves the empty KV key.
 */
final class ConsulFilter implements Filter {
    private final FakeAgent agent;
    private final KvEndpoints kv;

    ConsulFilter(FakeAgent agent, KvEndpoints kv) {
        this.agent = agent;
        this.kv = kv;
    }

    @Override
    public Object filter(Request request, Handler next) throws Exception {
        String uri = request.uri();
        int q = uri.indexOf('?');
        agent.requests.add(new RecordedRequest(
                request.method(), request.path(), q < 0 ? "" : uri.substring(q + 1), Instant.now()));
        Faults.Failure failure = agent.faults.take(request.path());
        Handler answer;
        if (failure != null) {
            answer = r -> failure(failure);
        } else if (request.path().equals(KvEndpoints.ROOT)) {
            answer = kv::root;
        } else {
            answer = next;
        }
        Duration delay = agent.faults.delay();
        if (delay.isZero() || delay.isNegative()) {
            return answer.handle(request);
        }
        Executor later =
                CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, agent.raft.executor());
        return CompletableFuture.supplyAsync(() -> request, later).thenCompose(r -> stage(answer, r));
    }

    private static Response failure(Faults.Failure failure) {
        String type = failure.status() < 300 ? Response.JSON : Response.TEXT;
        return Response.status(failure.status())
                .bytes(failure.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> stage(Handler handler, Request request) {
        try {
            Object result = handler.handle(request);
            return result instanceof CompletionStage<?> stage
                    ? (CompletionStage<Object>) stage
                    : CompletableFuture.completedFuture(result);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public int order() {
        return Integer.MIN_VALUE;
    }
}
