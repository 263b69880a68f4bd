package dev.chassis.security;

import dev.chassis.testkit.ChassisExtension;
import dev.chassis.testkit.security.FakeAuthorizationServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code security.default-access}, {@code security.admin-access} and a separate admin port. */
class DefaultsIT {
    @RegisterExtension
    @Order(1)
    static final FakeAuthorizationServer issuer = FakeAuthorizationServer.start();

    @Nested
    class PublicByDefault {
        @RegisterExtension
        final ChassisExtension app = ChassisExtension.of(SecuredService::create)
                .config("security.jwt.issuer", issuer.issuer())
                .config("security.default-access", "public")
                .config("security.admin-access", "public")
                .build();

        @Test
        void undeclaredRoutesAreOpenAndDeclaredOnesStayProtected() {
            app.client().get("/nowhere").assertStatus(404);
            app.client().get("/metrics").assertStatus(200);
            app.client().put("/accounts/1/debits", "{}").assertStatus(401);
        }
    }

    @Nested
    class EverythingAuthenticated {
        @RegisterExtension
        final ChassisExtension app = ChassisExtension.of(SecuredService::create)
                .config("security.jwt.issuer", issuer.issuer())
                .config("security.admin-access", "authenticated")
                .build();

        @Test
        void evenHealthNeedsAToken() {
            app.client().get("/health/ready").assertStatus(401);
            app.client()
                    .get(
                            "/health/ready",
                            "Authorization",
                            "Bearer " + issuer.token().sign())
                    .assertStatus(200);
        }
    }

    @Nested
    class SeparateAdminPort {
        @RegisterExtension
        final ChassisExtension app = ChassisExtension.of(SecuredService::create)
                .config("security.jwt.issuer", issuer.issuer())
                .config("security.admin-access", "authenticated")
                .config("admin.port", 0)
                .build();

        @Test
        void adminRoutesAreOpenThereAndAbsentFromTheMainPort() {
            app.adminClient().get("/metrics").assertStatus(200);
            app.adminClient().get("/info").assertStatus(200);
            app.client().get("/metrics").assertStatus(401);
            app.client()
                    .get("/metrics", "Authorization", "Bearer " + issuer.token().sign())
                    .assertStatus(404);
        }
    }

    @Nested
    class Disabled {
        @RegisterExtension
        final ChassisExtension app = ChassisExtension.of(SecuredService::create)
                .config("security.enabled", false)
                .build();

        @Test
        void everyRouteIsOpen() {
            app.client().put("/accounts/1/debits", "{}").assertStatus(200);
        }
    }
}
