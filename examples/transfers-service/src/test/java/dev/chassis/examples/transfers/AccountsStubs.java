package dev.chassis.examples.transfers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.chassis.testkit.Downstream;
import java.time.Duration;
import java.util.List;

/** accounts-service as WireMock plays it: answers by method and path pattern. */
final class AccountsStubs {
    static final String PROBLEMS = "https://problems.simplebank.example/";
    /** An entry as accounts-service answers it; the saga reads only that it is one. */
    static final String ENTRY = "{\"accountId\":\"a\",\"transferId\":\"t\",\"kind\":\"DEBIT\",\"amountCents\":1,"
            + "\"balanceCents\":0,\"at\":\"2026-01-01T00:00:00Z\"}";

    private final Downstream accounts;

    AccountsStubs(Downstream accounts) {
        this.accounts = accounts;
    }

    AccountsStubs answer(String method, String pathRegex, int status) {
        return answer(method, pathRegex, status, status < 400 ? ENTRY : problem(status, "about:blank", "refused"));
    }

    AccountsStubs answer(String method, String pathRegex, int status, String body) {
        accounts.wireMock()
                .stubFor(request(method, urlPathMatching(pathRegex))
                        .willReturn(aResponse()
                                .withStatus(status)
                                .withHeader(
                                        "Content-Type", status < 400 ? "application/json" : "application/problem+json")
                                .withBody(body)));
        return this;
    }

    AccountsStubs slow(String method, String pathRegex, Duration delay) {
        accounts.wireMock()
                .stubFor(request(method, urlPathMatching(pathRegex))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withBody(ENTRY)
                                .withFixedDelay((int) delay.toMillis())));
        return this;
    }

    /** Everything answers 503, until {@link #reset()}. */
    AccountsStubs down() {
        accounts.wireMock()
                .stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)));
        return this;
    }

    /** All movements and reversals succeed. */
    AccountsStubs healthy() {
        accounts.resetAll();
        return answer("PUT", "/accounts/.+", 200).answer("DELETE", "/accounts/.+", 200);
    }

    void reset() {
        accounts.resetAll();
    }

    /** The requests received, as {@code "METHOD path"}. */
    List<String> received() {
        return accounts.requests().stream()
                .map(r -> r.getMethod() + " " + r.getUrl())
                .toList();
    }

    List<LoggedRequest> requests() {
        return accounts.requests();
    }

    static String problem(int status, String type, String detail) {
        return "{\"type\":\"" + type + "\",\"title\":\"t\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }
}
