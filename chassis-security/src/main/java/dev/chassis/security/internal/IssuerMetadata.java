package dev.chassis.security.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The issuer's endpoints: those configured, else those its discovery document
 * ({@code <issuer>/.well-known/openid-configuration}) names, fetched once when first needed and
 * again after a failure. The document must name the configured issuer; every endpoint it names
 * passes the same HTTPS rule as configured ones. Thread-safe.
 */
public final class IssuerMetadata {
    /** The endpoints, each empty when unknown. */
    record Endpoints(String jwksUri, String tokenEndpoint, String introspectionEndpoint) {}

    private final String issuer;
    private final String configuredJwks;
    private final String configuredToken;
    private final String configuredIntrospection;
    private final Http http;
    private final ObjectMapper json;
    private final Duration timeout;
    private final SecureUris uris;
    private volatile @Nullable Endpoints discovered;

    public IssuerMetadata(
            String issuer,
            String jwksUri,
            String tokenUri,
            String introspectionUri,
            Http http,
            ObjectMapper json,
            Duration timeout,
            SecureUris uris) {
        this.issuer = issuer;
        this.configuredJwks = jwksUri;
        this.configuredToken = tokenUri;
        this.configuredIntrospection = introspectionUri;
        this.http = http;
        this.json = json;
        this.timeout = timeout;
        this.uris = uris;
    }

    /** The key set's URI. */
    public URI jwksUri() throws Http.HttpFailure, InterruptedException {
        return URI.create(configuredJwks.isEmpty() ? need(discover().jwksUri(), "jwks_uri") : configuredJwks);
    }

    /** The token endpoint. */
    public URI tokenEndpoint() throws Http.HttpFailure, InterruptedException {
        return URI.create(
                configuredToken.isEmpty() ? need(discover().tokenEndpoint(), "token_endpoint") : configuredToken);
    }

    /** The introspection endpoint. */
    public URI introspectionEndpoint() throws Http.HttpFailure, InterruptedException {
        return URI.create(
                configuredIntrospection.isEmpty()
                        ? need(discover().introspectionEndpoint(), "introspection_endpoint")
                        : configuredIntrospection);
    }

    private String need(String value, String member) throws Http.HttpFailure {
        if (value.isEmpty()) {
            throw new Http.HttpFailure("the discovery document of " + issuer + " names no " + member);
        }
        return value;
    }

    private Endpoints discover() throws Http.HttpFailure, InterruptedException {
        Endpoints e = discovered;
        if (e != null) {
            return e;
        }
        if (issuer.isEmpty()) {
            throw new Http.HttpFailure("no security.jwt.issuer to discover endpoints from");
        }
        synchronized (this) {
            if (discovered != null) {
                return discovered;
            }
            URI uri = URI.create(stripSlash(issuer) + "/.well-known/openid-configuration");
            Http.Answer answer = http.get(uri, timeout, 256 * 1024);
            if (answer.status() != 200) {
                throw new Http.HttpFailure(uri + " answered " + answer.status());
            }
            JsonNode doc;
            try {
                doc = json.readTree(answer.body());
            } catch (IOException ex) {
                throw new Http.HttpFailure(uri + " is not JSON");
            }
            if (doc == null || !doc.isObject()) {
                throw new Http.HttpFailure(uri + " is not a JSON object");
            }
            String named = doc.path("issuer").asText("");
            if (!named.equals(issuer)) {
                throw new Http.HttpFailure(uri + " names issuer '" + named + "', not " + issuer);
            }
            Endpoints found = new Endpoints(
                    checked(doc, "jwks_uri"), checked(doc, "token_endpoint"), checked(doc, "introspection_endpoint"));
            discovered = found;
            return found;
        }
    }

    private String checked(JsonNode doc, String member) throws Http.HttpFailure {
        String value = doc.path(member).asText("");
        if (value.isEmpty()) {
            return "";
        }
        String problem = uris.problem(value);
        if (problem != null) {
            throw new Http.HttpFailure("the discovery document's " + member + " '" + value + "' " + problem);
        }
        return value;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
