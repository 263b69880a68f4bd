package com.example.orders;

import dev.chassis.testkit.ChassisExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The routes, exercised in memory: the whole server pipeline, no socket. */
class ApplicationTest {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(
                    c -> DaggerApplicationComponent.factory().create(c).service())
            .inMemory()
            .build();

    @Test
    void addsAnItemAndFindsItAgain() {
        Item added = app.client()
                .post("/items", Map.of("name", "bolt", "quantity", 12))
                .assertStatus(201)
                .json(Item.class);
        app.client()
                .get("/items/" + added.id())
                .assertStatus(200)
                .assertJson("{\"id\":\"" + added.id() + "\",\"name\":\"bolt\",\"quantity\":12}");
    }

    @Test
    void refusesAnInvalidItemNamingEachField() {
        app.client()
                .post("/items", Map.of("name", "", "quantity", 0))
                .assertStatus(400)
                .problem()
                .hasErrors("/name: must not be blank", "/quantity: must be between 1 and 1000");
    }

    @Test
    void unknownItemIsNotFound() {
        app.client()
                .get("/items/6f1c2a4e-0000-4000-8000-000000000000")
                .assertStatus(404)
                .problem()
                .hasDetail("no item 6f1c2a4e-0000-4000-8000-000000000000");
        app.client().get("/items/not-a-uuid").assertStatus(400);
    }
}
