package dev.chassis.security.auth;

import dev.chassis.core.client.ClientException;
import org.jspecify.annotations.Nullable;

/**
 * An outbound call that got no credential: the token endpoint refused the service's client or
 * could not be reached ({@code clients.<name>.auth: client-credentials}), or there was no caller's
 * token to relay ({@code relay}). The call was not sent. Its message names the downstream and the
 * reason, never a secret or a token.
 */
public final class ClientCredentialsException extends ClientException {
    private static final long serialVersionUID = 1L;

    /** Creates one about a call to a downstream. */
    public ClientCredentialsException(String downstream, String message, @Nullable Throwable cause) {
        super(downstream, message, cause);
    }
}
