package dev.chassis.examples.transfers;

import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import java.util.regex.Pattern;
import javax.inject.Inject;

/**
 * {@code POST /transfers} with an {@code Idempotency-Key}, and {@code GET /transfers/{id}}.
 *
 * <table>
 * <caption>What {@code POST /transfers} answers</caption>
 * <tr><th>status</th><th>when</th></tr>
 * <tr><td>201</td><td>the money moved; the body is the transfer</td></tr>
 * <tr><td>400</td><td>no valid {@code Idempotency-Key}, or an invalid body</td></tr>
 * <tr><td>409</td><td>the key's transfer is still running in another request; retry after {@code Retry-After}</td></tr>
 * <tr><td>422</td><td>the transfer failed (no such account, insufficient funds) or its credit was refused and its debit given back; or the key was used for another transfer</td></tr>
 * <tr><td>503</td><td>accounts-service is unavailable: no money moved (or what moved is being undone); retry with the same key after {@code Retry-After}</td></tr>
 * </table>
 *
 * Repeating a request with the same key answers what the first one got, with
 * {@code Idempotent-Replayed: true}; but once a transfer is {@code ABANDONED} (accounts-service was
 * down and nothing moved), the same key starts it again.
 */
final class TransferRoutes implements Routes {
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final TransferStore store;
    private final TransferSaga saga;
    private final TransfersConfig config;

    @Inject
    TransferRoutes(TransferStore store, TransferSaga saga, TransfersConfig config) {
        this.store = store;
        this.saga = saga;
        this.config = config;
    }

    @Override
    public void register(Routing routing) {
        routing.post("/transfers", this::transfer).get("/transfers/{id}", this::find);
    }

    private Response transfer(Request request) {
        String key = request.header("Idempotency-Key")
                .orElseThrow(() -> HttpStatusException.badRequest("header Idempotency-Key is required: a value unique"
                                + " to this transfer, sent again when the request is retried")
                        .type(TransferSaga.PROBLEMS + "idempotency-key-missing"));
        if (!KEY.matcher(key).matches()) {
            throw HttpStatusException.badRequest("header Idempotency-Key: expected 1 to 128 visible ASCII characters")
                    .type(TransferSaga.PROBLEMS + "idempotency-key-invalid");
        }
        NewTransfer asked = request.body(NewTransfer.class);
        TransferStore.Claim claim = store.claim(key, asked);
        if (claim instanceof TransferStore.Claim.Mismatch m) {
            throw new HttpStatusException(
                            422,
                            "Idempotency-Key " + key + " was used for transfer "
                                    + m.transfer().id() + ", which is not this one; use a new key for a new transfer")
                    .type(TransferSaga.PROBLEMS + "idempotency-key-reused");
        }
        if (claim instanceof TransferStore.Claim.Existing e) {
            request.addResponseHeader("Idempotent-Replayed", "true");
            return answer(e.stored().transfer(), e.stored().problemType());
        }
        Transfer done = saga.run(((TransferStore.Claim.Started) claim).transfer());
        return answer(
                done,
                store.find(done.id()).map(TransferStore.Stored::problemType).orElse(null));
    }

    private Transfer find(Request request) {
        String id = request.pathParam("id").asString();
        return store.find(id)
                .map(TransferStore.Stored::transfer)
                .orElseThrow(() -> HttpStatusException.notFound("no transfer " + id));
    }

    private Response answer(Transfer t, String problemType) {
        String location = "/transfers/" + t.id();
        return switch (t.state()) {
            case COMPLETED -> Response.created(location, t);
            case PENDING, DEBITED ->
                throw HttpStatusException.conflict("transfer " + t.id()
                                + " under this Idempotency-Key is still running; retry to get its outcome")
                        .type(TransferSaga.PROBLEMS + "transfer-in-progress")
                        .header("Retry-After", "1")
                        .header("Location", location);
            case FAILED -> throw failure(t, problemType, "Transfer failed", t.detail() + "; no money moved");
            case REVERSING ->
                throw failure(t, problemType, "Transfer reversed", t.detail() + "; the debit is being given back");
            case REVERSED ->
                throw failure(t, problemType, "Transfer reversed", t.detail() + "; the debit was given back");
            case COMPENSATING ->
                throw unavailable(t, t.detail() + "; transfer " + t.id() + " is being undone and will move no money");
            case ABANDONED -> throw unavailable(t, t.detail() + "; transfer " + t.id() + " moved no money");
        };
    }

    private static HttpStatusException failure(Transfer t, String problemType, String title, String detail) {
        return new HttpStatusException(422, detail)
                .type(problemType != null ? problemType : TransferSaga.PROBLEMS + "transfer-failed")
                .title(title)
                .header("Location", "/transfers/" + t.id());
    }

    /** The fallback answer while accounts-service is down: clear about the money, and when to retry. */
    private HttpStatusException unavailable(Transfer t, String detail) {
        return HttpStatusException.unavailable(
                        detail + ". Retry with the same Idempotency-Key after Retry-After.", config.retryAfter())
                .type(TransferSaga.PROBLEMS + "accounts-unavailable")
                .title("Accounts unavailable")
                .header("Location", "/transfers/" + t.id());
    }
}
