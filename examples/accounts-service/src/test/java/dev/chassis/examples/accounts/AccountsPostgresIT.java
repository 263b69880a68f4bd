package dev.chassis.examples.accounts;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/** accounts-service on PostgreSQL, its real database: the migration, the locks, the constraints. */
@EnabledIf("dev.chassis.examples.accounts.TestPostgres#reachable")
class AccountsPostgresIT extends AccountsContract {
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
            .config("data.sources.main.url", TestPostgres.freshSchema("accounts_example"))
            .config("data.sources.main.user", TestPostgres.USER)
            .config("data.sources.main.password", TestPostgres.PASSWORD)
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
