package dev.chassis.examples.accounts;

import dev.chassis.core.http.HttpStatusException;
import dev.chassis.core.http.Request;
import dev.chassis.core.http.Response;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import dev.chassis.examples.accounts.Entry.Kind;
import dev.chassis.security.auth.Access;
import java.util.List;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts, and the idempotent movements transfers make on them.
 *
 * <pre>
 * POST   /accounts                                 open an account
 * GET    /accounts/{id}                            the account and its balance
 * GET    /accounts/{id}/entries                    its ledger
 * PUT    /accounts/{id}/debits/{transferId}        take money out, once per transfer
 * PUT    /accounts/{id}/credits/{transferId}       put money in, once per transfer
 * DELETE /accounts/{id}/debits/{transferId}        give a transfer's debit back
 * DELETE /accounts/{id}/credits/{transferId}       take a transfer's credit back
 * </pre>
 *
 * A repeated movement or reversal answers what the first one did, with the header
 * {@code Idempotent-Replayed: true}. Every route needs a valid bearer token; movements and their
 * reversals need one granting {@value #WRITE}.
 */
final class AccountRoutes implements Routes {
    private static final Logger log = LoggerFactory.getLogger(AccountRoutes.class);
    /** The scope a token needs to move money. */
    static final String WRITE = "accounts:write";

    private static final Pattern TRANSFER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final Ledger ledger;

    @Inject
    AccountRoutes(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void register(Routing routing) {
        routing.group(
                "/accounts",
                accounts -> accounts.post("", this::open)
                        .get("/{id}", this::find)
                        .get("/{id}/entries", this::entries)
                        .with(Access.KEY, Access.scope(WRITE))
                        .put("/{id}/debits/{transferId}", request -> move(request, Kind.DEBIT))
                        .put("/{id}/credits/{transferId}", request -> move(request, Kind.CREDIT))
                        .delete("/{id}/debits/{transferId}", request -> reverse(request, Kind.DEBIT))
                        .delete("/{id}/credits/{transferId}", request -> reverse(request, Kind.CREDIT)));
    }

    private Response open(Request request) {
        Account account = ledger.open(request.body(NewAccount.class));
        log.info("opened account {} with {} cents", account.id(), account.balanceCents());
        return Response.created("/accounts/" + account.id(), account);
    }

    private Account find(Request request) {
        String id = request.pathParam("id").asString();
        return ledger.find(id)
                .orElseThrow(() ->
                        HttpStatusException.notFound("no account " + id).type(Ledger.PROBLEMS + "no-such-account"));
    }

    private List<Entry> entries(Request request) {
        return ledger.entries(request.pathParam("id").asString());
    }

    private Response move(Request request, Kind kind) {
        String account = request.pathParam("id").asString();
        String transfer = transferId(request);
        long amount = request.body(Movement.class).amountCents();
        Ledger.Result result = ledger.move(account, transfer, kind, amount);
        if (!result.replayed()) {
            log.info("{} of {} cents on account {} for transfer {}", kind, amount, account, transfer);
        }
        return answer(result);
    }

    private Response reverse(Request request, Kind kind) {
        String account = request.pathParam("id").asString();
        String transfer = transferId(request);
        Ledger.Result result = ledger.reverse(account, transfer, kind);
        if (!result.replayed()) {
            log.info(
                    "{} of {} cents on account {} for transfer {}",
                    result.entry().kind(),
                    result.entry().amountCents(),
                    account,
                    transfer);
        }
        return answer(result);
    }

    private static String transferId(Request request) {
        String id = request.pathParam("transferId").asString();
        if (!TRANSFER_ID.matcher(id).matches()) {
            throw HttpStatusException.badRequest(
                    "path parameter 'transferId': expected 1 to 64 letters, digits or . _ : -");
        }
        return id;
    }

    private static Response answer(Ledger.Result result) {
        Response response = Response.ok(result.entry());
        return result.replayed() ? response.header("Idempotent-Replayed", "true") : response;
    }
}
