package dev.chassis.examples.accounts;

import dev.chassis.testkit.ChassisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** accounts-service on its embedded default, H2 in memory. */
class AccountsH2Test extends AccountsContract {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(
                    c -> DaggerAccountsComponent.factory().create(c).service())
            .config("discovery.consul.enabled", false)
            .build();

    @Override
    ChassisExtension app() {
        return app;
    }
}
