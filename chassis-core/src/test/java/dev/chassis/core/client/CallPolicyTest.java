package dev.chassis.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class CallPolicyTest {
    @Test
    void anAttemptOutlastingItsLimitFailsWithTimeoutAndIsCancelled() throws Exception {
        CompletableFuture<String> never = new CompletableFuture<>();
        CallPolicy.Attempt<String> attempt = () -> never;

        CompletableFuture<String> bounded = attempt.start(Duration.ofMillis(20)).toCompletableFuture();

        assertThat(bounded)
                .failsWithin(2, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
        assertThat(never).isCancelled();
    }

    @Test
    void anAttemptWithinItsLimitAnswers() {
        CallPolicy.Attempt<String> attempt = () -> CompletableFuture.completedFuture("ok");

        assertThat(attempt.start(Duration.ofSeconds(5)).toCompletableFuture()).isCompletedWithValue("ok");
    }

    @Test
    void cancellingTheBoundedStageCancelsTheAttempt() {
        CompletableFuture<String> never = new CompletableFuture<>();
        CallPolicy.Attempt<String> attempt = () -> never;

        attempt.start(Duration.ofSeconds(5)).toCompletableFuture().cancel(true);

        assertThat(never).isCancelled();
    }
}
