package dev.chassis.examples.accounts;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** accounts-service on its embedded default, H2 in memory. */
class AccountsH2Test extends AccountsContract {
    @RegisterExtension
    @Order(1)
    static final FakeAuthorizationServer issuer = FakeAuthorizationServer.start();

    @RegisterExtension
    @Order(2)
    static final ChassisExtension app = ChassisExtension.of(
                    c -> DaggerAccountsComponent.factory().create(c).service())
            .config("discovery.consul.enabled", false)
            .config("security.jwt.issuer", issuer.issuer())
            .config("security.jwt.audience", FakeAuthorizationServer.AUDIENCE)
            .build();

    @Override
    ChassisExtension app() {
        return app;
    }

    @Override
    FakeAuthorizationServer issuer() {
        return issuer;
    }
}
