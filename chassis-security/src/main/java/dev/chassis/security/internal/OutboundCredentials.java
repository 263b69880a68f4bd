package dev.chassis.security.internal;

import dev.chassis.core.client.ClientCredentials;
import dev.chassis.core.client.OutboundRequest;
import dev.chassis.security.auth.ClientCredentialsException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The credential modes of {@code clients.<name>.auth}: {@code relay} (the caller's token of the
 * request being handled), {@code client-credentials} (the service's own token) and
 * {@code relay-or-client-credentials} (the caller's when there is one, else the service's, as for
 * background work). Each attempt given a credential is counted by downstream and the mode used.
 */
public final class OutboundCredentials implements ClientCredentials {
    public static final String RELAY = "relay";
    public static final String CLIENT_CREDENTIALS = "client-credentials";
    public static final String RELAY_OR_CLIENT_CREDENTIALS = "relay-or-client-credentials";

    private final String mode;
    private final @Nullable ServiceTokens tokens;
    private final SecurityMeters meters;

    public OutboundCredentials(String mode, @Nullable ServiceTokens tokens, SecurityMeters meters) {
        this.mode = mode;
        this.tokens = tokens;
        this.meters = meters;
    }

    @Override
    public String mode() {
        return mode;
    }

    @Override
    public CompletionStage<Map<String, String>> headers(OutboundRequest request) {
        if (!mode.equals(CLIENT_CREDENTIALS)) {
            CallerContext.Current current = CallerContext.current();
            if (current != null) {
                meters.credentialSent(request.downstream(), RELAY);
                return CompletableFuture.completedFuture(bearer(current.token()));
            }
            if (mode.equals(RELAY)) {
                return CompletableFuture.failedFuture(new ClientCredentialsException(
                        request.downstream(),
                        "no caller's token to relay: the call is not made while handling an authenticated request"
                                + " (clients." + request.downstream() + ".auth: relay)",
                        null));
            }
        }
        if (tokens == null) {
            return CompletableFuture.failedFuture(new ClientCredentialsException(
                    request.downstream(),
                    "no service identity: security.client-credentials.client-id is not set",
                    null));
        }
        return tokens.token().handle((token, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                throw new CompletionException(
                        new ClientCredentialsException(request.downstream(), cause.getMessage(), cause));
            }
            meters.credentialSent(request.downstream(), CLIENT_CREDENTIALS);
            return bearer(token);
        });
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
