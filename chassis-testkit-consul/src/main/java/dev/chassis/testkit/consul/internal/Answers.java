package dev.chassis.testkit.consul.internal;

import dev.chassis.core.http.Handler;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Responses as Consul writes them: JSON with {@code application/json}, errors as bare text,
 * and on reads the query meta headers. Header names are written as Go canonicalizes them
 * ({@code X-Consul-Knownleader}); HTTP header names are case-insensitive.
 */
final class Answers {
    private final Raft raft;
    private final Faults faults;

    Answers(Raft raft, Faults faults) {
        this.raft = raft;
        this.faults = faults;
    }

    /** Wraps a handler so that a {@link ConsulError} becomes Consul's plain-text answer. */
    static Handler consul(Handler handler) {
        return request -> {
            try {
                return handler.handle(request);
            } catch (ConsulError e) {
                return text(e.status(), e.reason());
            }
        };
    }

    static Response text(int status, String reason) {
        return Response.status(status).text(reason);
    }

    /** 200 with no body, as Consul answers writes that return nothing. */
    static Response empty() {
        return Response.ok();
    }

    static Response json(Object entity) {
        return Response.ok().json(entity);
    }

    /** A read's answer with {@code X-Consul-Index} and the other query meta headers. */
    Response read(Response response, long index, Query query) {
        Duration lastContact = faults.lastContact();
        return response.header("X-Consul-Effective-Consistency", query.consistency())
                .header("X-Consul-Index", Long.toString(faults.indexZero() ? 0 : index))
                .header("X-Consul-Knownleader", Boolean.toString(lastContact == null))
                .header("X-Consul-Lastcontact", Long.toString(lastContact == null ? 0 : lastContact.toMillis()));
    }

    /**
     * Answers a read, blocking first when the query names an index: the answer is built once
     * the resource's index has moved past it, or when the wait (plus jitter) is over.
     *
     * @param index the resource's index; runs under the lock
     * @param answer builds the response; runs under the lock
     */
    Object blocking(Request request, Query query, LongSupplier index, Supplier<Response> answer) {
        if (!query.blocking()) {
            return raft.read(answer);
        }
        return await(request, () -> index.getAsLong() > query.index(), query.timeout(), answer);
    }

    /** Answers once the condition holds or the timeout passes, holding no thread meanwhile. */
    CompletionStage<Response> await(
            Request request, BooleanSupplier changed, Duration timeout, Supplier<Response> answer) {
        Raft.Waiter waiter = raft.await(changed, timeout);
        // A client that gives up must not leave its query behind.
        request.onComplete(completion -> raft.cancel(waiter));
        return waiter.done().thenApplyAsync(ignored -> raft.read(answer), raft.executor());
    }
}
