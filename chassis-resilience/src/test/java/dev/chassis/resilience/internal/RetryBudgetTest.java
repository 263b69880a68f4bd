package dev.chassis.resilience.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.resilience.config.RetryBudgetConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private RetryBudget budget(double ratio, int minPerSecond) {
        return new RetryBudget(new RetryBudgetConfig(true, ratio, minPerSecond, Duration.ofSeconds(10)), now::get);
    }

    private static int withdrawAll(RetryBudget budget) {
        int granted = 0;
        while (budget.tryWithdraw()) {
            granted++;
        }
        return granted;
    }

    @Test
    void retriesAreAShareOfTheCallsPlusTheFloor() {
        RetryBudget budget = budget(0.2, 1);
        for (int i = 0; i < 1000; i++) {
            budget.deposit();
        }
        assertThat(budget.available()).isEqualTo(210.0);
        assertThat(withdrawAll(budget)).isEqualTo(210);
        assertThat(budget.available()).isZero();
        budget.deposit();
        budget.deposit();
        budget.deposit();
        budget.deposit();
        budget.deposit();
        assertThat(withdrawAll(budget)).isEqualTo(1);
    }

    @Test
    void withoutCallsOnlyTheFloorIsThere() {
        assertThat(withdrawAll(budget(0.2, 1))).isEqualTo(10);
        assertThat(withdrawAll(budget(0.2, 0))).isZero();
    }

    @Test
    void callsAndRetriesLeaveTheWindow() {
        RetryBudget budget = budget(0.5, 0);
        for (int i = 0; i < 100; i++) {
            budget.deposit();
        }
        assertThat(withdrawAll(budget)).isEqualTo(50);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(budget.tryWithdraw()).isFalse();
        for (int i = 0; i < 10; i++) {
            budget.deposit();
        }
        assertThat(withdrawAll(budget)).isEqualTo(5);
        // The first hundred calls and fifty retries are out of the window; the last ten calls remain.
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(budget.available()).isEqualTo(0.0);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(budget.available()).isZero();
        budget.deposit();
        budget.deposit();
        assertThat(withdrawAll(budget)).isEqualTo(1);
    }
}
