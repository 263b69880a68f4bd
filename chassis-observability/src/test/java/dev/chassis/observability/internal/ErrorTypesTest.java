package dev.chassis.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.client.ClientStatusException;
import dev.chassis.core.http.Completion;
import dev.chassis.core.http.HttpStatusException;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ErrorTypesTest {
    private static Completion completion(int status, Completion.Outcome outcome, @Nullable Throwable failure) {
        return new Completion() {
            @Override
            public int status() {
                return status;
            }

            @Override
            public Outcome outcome() {
                return outcome;
            }

            @Override
            public long bytesIn() {
                return 0;
            }

            @Override
            public long bytesOut() {
                return 0;
            }

            @Override
            public long durationNanos() {
                return 0;
            }

            @Override
            public Optional<Throwable> failure() {
                return Optional.ofNullable(failure);
            }

            @Override
            public Optional<String> rejection() {
                return Optional.empty();
            }
        };
    }

    @Test
    void aServerRequestIsTypedByItsHandlersExceptionElseByA5xxElseByHowItEnded() {
        Completion.Outcome done = Completion.Outcome.COMPLETED;
        assertThat(ErrorTypes.server(completion(500, done, new IllegalStateException("x"))))
                .isEqualTo("java.lang.IllegalStateException");
        assertThat(ErrorTypes.server(completion(
                        503, done, HttpStatusException.unavailable("busy", java.time.Duration.ofSeconds(1)))))
                .isEqualTo("503");
        assertThat(ErrorTypes.server(completion(502, done, null))).isEqualTo("502");
        assertThat(ErrorTypes.server(completion(200, Completion.Outcome.CLIENT_CLOSED, null)))
                .isEqualTo("client_closed");
        assertThat(ErrorTypes.server(completion(503, Completion.Outcome.ABORTED, null)))
                .isEqualTo("503");
        assertThat(ErrorTypes.server(completion(404, done, null))).isNull();
        assertThat(ErrorTypes.server(completion(200, done, null))).isNull();
    }

    @Test
    void anOutboundAttemptIsTypedByWhatFailedItElseByA4xxOr5xx() {
        assertThat(ErrorTypes.client(0, new CompletionException(new HttpTimeoutException("slow"))))
                .isEqualTo("java.net.http.HttpTimeoutException");
        assertThat(ErrorTypes.client(503, new ClientStatusException("billing", 503, "", null)))
                .isEqualTo("503");
        assertThat(ErrorTypes.client(500, new IllegalStateException("x"))).isEqualTo("java.lang.IllegalStateException");
        assertThat(ErrorTypes.client(404, null)).isEqualTo("404");
        assertThat(ErrorTypes.client(200, null)).isNull();
    }
}
