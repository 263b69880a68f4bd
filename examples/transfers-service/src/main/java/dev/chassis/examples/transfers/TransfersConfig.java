package dev.chassis.examples.transfers;

import dev.chassis.core.config.ConfigSection;
import java.time.Duration;

/**
 * transfers-service's own settings, section {@code transfers}.
 *
 * @param accounts the name of the accounts downstream: its {@code clients} and {@code resilience}
 *     entries, and its name in Consul
 * @param recoveryInterval how often unsettled transfers are looked for and reversed
 * @param staleAfter a transfer still pending or debited this long after its last step is taken
 *     for one whose saga stopped half way (the process died), and is reversed
 * @param retryAfter the {@code Retry-After} of the answers given while accounts-service is down
 */
public record TransfersConfig(String accounts, Duration recoveryInterval, Duration staleAfter, Duration retryAfter) {
    public static final ConfigSection<TransfersConfig> SECTION = ConfigSection.of(
            "transfers",
            TransfersConfig.class,
            new TransfersConfig(
                    "accounts-service", Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5)));

    public TransfersConfig {
        if (accounts == null || accounts.isBlank()) {
            throw new IllegalArgumentException("accounts: '" + accounts + "' (expected: a downstream name)");
        }
        positive("recovery-interval", recoveryInterval);
        positive("stale-after", staleAfter);
        positive("retry-after", retryAfter);
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: a positive duration)");
        }
    }
}
