package dev.chassis.core.client;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Credentials for outbound calls, chosen per downstream by {@code clients.<name>.auth}: a module
 * contributes one per mode with {@code @Provides @IntoSet ClientCredentials} ({@code
 * chassis-security} offers {@code relay} and {@code client-credentials}). A downstream whose
 * {@code auth} is {@value ClientConfig#AUTH_NONE} (the default) gets none; one that names a mode no
 * module contributes stops the service at start-up, naming the key and where it was set.
 *
 * <pre>{@code
 * clients:
 *   accounts: {urls: [http://accounts:8080], auth: relay}
 * }</pre>
 *
 * <p>Implementations must be thread-safe and must not block: a credential that has to be fetched
 * is returned as a stage that completes when it has been.
 */
public interface ClientCredentials {
    /** The value of {@code clients.<name>.auth} that selects these credentials, such as {@code relay}. */
    String mode();

    /**
     * The headers that carry the credential of one attempt, usually {@code Authorization}. Called
     * before each attempt is sent (before an instance is picked, so that a slow credential holds
     * none), on the thread that starts it with the caller's context attached (its MDC, trace and
     * whatever other {@code ContextPropagator}s carry). A failed stage fails the attempt with its
     * exception, as it is when it is a {@link ClientException}.
     *
     * @param request the call the attempt belongs to
     */
    CompletionStage<Map<String, String>> headers(OutboundRequest request);
}
