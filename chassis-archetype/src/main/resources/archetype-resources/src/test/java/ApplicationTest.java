package ${package};

import dev.chassis.testkit.ChassisExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
#if( $security == "jwt" )
import dev.chassis.testkit.security.FakeAuthorizationServer;
import org.junit.jupiter.api.Order;
#end

/** The routes, exercised in memory: the whole server pipeline, no socket. */
class ApplicationTest {
#if( $security == "jwt" )
    @RegisterExtension
    @Order(1)
    static final FakeAuthorizationServer issuer = FakeAuthorizationServer.start();

    /** A caller's token that may add items. */
    private static final String[] AUTH = {"Authorization", "Bearer " + issuer.token().scope(ItemRoutes.WRITE).sign()};

    @RegisterExtension
    @Order(2)
    static final ChassisExtension app = ChassisExtension.of(c -> DaggerApplicationComponent.factory().create(c).service())
            .config("security.jwt.issuer", issuer.issuer())
            .config("security.jwt.audience", FakeAuthorizationServer.AUDIENCE)
#else
    private static final String[] AUTH = {};

    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(c -> DaggerApplicationComponent.factory().create(c).service())
#end
#if( $database == "postgres" )
            .config("data.sources.main.url", "jdbc:h2:mem:items-test;MODE=PostgreSQL;DB_CLOSE_DELAY=-1")
#end
#if( $discovery == "consul" )
            .config("discovery.consul.enabled", false)
#end
            .inMemory()
            .build();

    @Test
    void addsAnItemAndFindsItAgain() {
        Item added = app.client()
                .post("/items", Map.of("name", "bolt", "quantity", 12), AUTH)
                .assertStatus(201)
                .json(Item.class);
        app.client().get("/items/" + added.id(), AUTH).assertStatus(200).assertJson(
                "{\"id\":\"" + added.id() + "\",\"name\":\"bolt\",\"quantity\":12}");
    }

    @Test
    void refusesAnInvalidItemNamingEachField() {
        app.client()
                .post("/items", Map.of("name", "", "quantity", 0), AUTH)
                .assertStatus(400)
                .problem()
                .hasErrors("/name: must not be blank", "/quantity: must be between 1 and 1000");
    }

    @Test
    void unknownItemIsNotFound() {
        app.client()
                .get("/items/6f1c2a4e-0000-4000-8000-000000000000", AUTH)
                .assertStatus(404)
                .problem()
                .hasDetail("no item 6f1c2a4e-0000-4000-8000-000000000000");
        app.client().get("/items/not-a-uuid", AUTH).assertStatus(400);
    }
#if( $security == "jwt" )

    @Test
    void everyRouteNeedsATokenAndAddingNeedsTheWriteScope() {
        app.client().get("/items/6f1c2a4e-0000-4000-8000-000000000000").assertStatus(401).assertHeader("WWW-Authenticate", "Bearer");
        String reader = issuer.token().scope("items:read").sign();
        app.client()
                .post("/items", Map.of("name", "bolt", "quantity", 1), "Authorization", "Bearer " + reader)
                .assertStatus(403)
                .assertHeader(
                        "WWW-Authenticate",
                        "Bearer error=\"insufficient_scope\", error_description=\"the token lacks the scope this route"
                                + " requires: items:write\", scope=\"items:write\"");
        app.client()
                .get("/items/6f1c2a4e-0000-4000-8000-000000000000", "Authorization", "Bearer " + issuer.token().expiredAgo(java.time.Duration.ofMinutes(5)).sign())
                .assertStatus(401)
                .problem()
                .hasDetail("the token has expired");
    }
#end
}
