package dev.chassis.security.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.security.config.SecurityConfig;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's own access token, from the client-credentials grant (RFC 6749 §4.4): fetched when
 * first needed, kept until {@code refresh-before} ahead of its expiry (at most half its life), then
 * renewed in the background while the old one still serves. One fetch at a time: callers arriving
 * during a fetch share it, so a burst of calls makes one token request. Thread-safe.
 */
public final class ServiceTokens {
    private static final Logger log = LoggerFactory.getLogger(ServiceTokens.class);

    /** Why no token came: the endpoint's refusal or the failure to reach it. */
    public static final class Unobtainable extends Exception {
        private static final long serialVersionUID = 1L;

        Unobtainable(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    private record Token(String value, long refreshAtMillis, long expiresAtMillis) {}

    private final SecurityConfig.ClientCredentials config;
    private final IssuerMetadata issuer;
    private final Http http;
    private final ObjectMapper json;
    private final Executor executor;
    private final SecurityMeters meters;
    private final LongSupplier clock;
    private final String basic;
    private volatile @Nullable Token token;
    private @Nullable CompletableFuture<String> inFlight;

    public ServiceTokens(
            SecurityConfig.ClientCredentials config,
            IssuerMetadata issuer,
            Http http,
            ObjectMapper json,
            Executor executor,
            SecurityMeters meters,
            LongSupplier clockMillis) {
        this.config = config;
        this.issuer = issuer;
        this.http = http;
        this.json = json;
        this.executor = executor;
        this.meters = meters;
        this.clock = clockMillis;
        this.basic = Base64.getEncoder()
                .encodeToString((URLEncoder.encode(config.clientId(), StandardCharsets.UTF_8) + ":"
                                + URLEncoder.encode(config.clientSecret(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The current token, or a stage that completes with a fresh one; fails with {@link Unobtainable}. */
    public CompletableFuture<String> token() {
        Token t = token;
        long now = clock.getAsLong();
        if (t != null && now < t.refreshAtMillis()) {
            return CompletableFuture.completedFuture(t.value());
        }
        CompletableFuture<String> fetch = fetch();
        if (t != null && now < t.expiresAtMillis()) {
            return CompletableFuture.completedFuture(t.value());
        }
        return fetch;
    }

    private synchronized CompletableFuture<String> fetch() {
        CompletableFuture<String> running = inFlight;
        if (running != null) {
            return running;
        }
        CompletableFuture<String> started = new CompletableFuture<>();
        inFlight = started;
        try {
            executor.execute(() -> {
                try {
                    started.complete(request());
                } catch (Unobtainable e) {
                    started.completeExceptionally(e);
                } catch (RuntimeException e) {
                    started.completeExceptionally(new Unobtainable("the token request failed: " + e, e));
                } finally {
                    synchronized (this) {
                        inFlight = null;
                    }
                }
            });
        } catch (RuntimeException e) {
            inFlight = null;
            started.completeExceptionally(new Unobtainable("the token request could not start: " + e, e));
        }
        return started;
    }

    private String request() throws Unobtainable {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (!config.scope().isEmpty()) {
            form.append("&scope=").append(URLEncoder.encode(config.scope(), StandardCharsets.UTF_8));
        }
        if (!config.audience().isEmpty()) {
            form.append("&audience=").append(URLEncoder.encode(config.audience(), StandardCharsets.UTF_8));
        }
        Http.Answer answer;
        java.net.URI endpoint;
        try {
            endpoint = issuer.tokenEndpoint();
            answer = http.postForm(endpoint, form.toString(), basic, config.timeout(), 64 * 1024);
        } catch (Http.HttpFailure e) {
            meters.tokenRequest("failure");
            throw new Unobtainable("the token endpoint could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unobtainable("interrupted while asking for a token", e);
        }
        JsonNode doc;
        try {
            doc = json.readTree(answer.body());
        } catch (IOException e) {
            doc = null;
        }
        if (answer.status() != 200) {
            meters.tokenRequest("failure");
            String error = doc == null ? "" : doc.path("error").asText("");
            String description =
                    doc == null ? "" : doc.path("error_description").asText("");
            String why = "the token endpoint refused client " + config.clientId() + " with " + answer.status()
                    + (error.isEmpty() ? "" : " " + error)
                    + (description.isEmpty() ? "" : " (" + clip(description) + ")");
            log.warn("{}", why);
            throw new Unobtainable(why, null);
        }
        String value = doc == null ? "" : doc.path("access_token").asText("");
        if (value.isEmpty() || !SecurityFilter.b64token(value)) {
            meters.tokenRequest("failure");
            throw new Unobtainable("the token endpoint's answer holds no usable access_token", null);
        }
        long lifetimeMillis = Math.max(1, doc.path("expires_in").asLong(60)) * 1000;
        long now = clock.getAsLong();
        long ahead = Math.min(config.refreshBefore().toMillis(), lifetimeMillis / 2);
        token = new Token(value, now + lifetimeMillis - ahead, now + lifetimeMillis);
        meters.tokenRequest("success");
        log.debug("got a token for client {}, valid {} s", config.clientId(), lifetimeMillis / 1000);
        return value;
    }

    private static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 200 ? printable.substring(0, 200) + "..." : printable;
    }
}
