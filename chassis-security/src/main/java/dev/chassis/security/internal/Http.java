package dev.chassis.security.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Small bounded HTTP exchanges with the issuer: redirects never followed, a timeout on each, and
 * a body read only up to a limit (a larger one is refused without being read to its end).
 * Thread-safe.
 */
public final class Http {
    /** An answer: its status, the headers asked for, and the body. */
    public record Answer(int status, Optional<String> cacheControl, byte[] body) {}

    /** Why an exchange gave no answer that could be used. */
    public static final class HttpFailure extends IOException {
        private static final long serialVersionUID = 1L;

        public HttpFailure(String message, Throwable cause) {
            super(message, cause);
        }

        public HttpFailure(String message) {
            super(message);
        }
    }

    private final HttpClient client;

    public Http(Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** GETs a URI. */
    public Answer get(URI uri, Duration timeout, long maxBytes) throws HttpFailure, InterruptedException {
        return send(
                HttpRequest.newBuilder(uri)
                        .timeout(timeout)
                        .header("Accept", "application/json")
                        .GET()
                        .build(),
                maxBytes);
    }

    /** POSTs a form, with HTTP Basic client authentication when {@code basic} is not null. */
    public Answer postForm(
            URI uri, String form, @org.jspecify.annotations.Nullable String basic, Duration timeout, long maxBytes)
            throws HttpFailure, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (basic != null) {
            b.header("Authorization", "Basic " + basic);
        }
        return send(b.build(), maxBytes);
    }

    private Answer send(HttpRequest request, long maxBytes) throws HttpFailure, InterruptedException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new HttpFailure(describe(e), e);
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = response.body()) {
            if (declared > maxBytes) {
                throw new HttpFailure("the answer is " + declared + " bytes (at most " + maxBytes + " are read)");
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw new HttpFailure("the answer is larger than " + maxBytes + " bytes");
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Cache-Control"), body);
        } catch (HttpFailure e) {
            throw e;
        } catch (IOException e) {
            throw new HttpFailure(describe(e), e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
