package dev.chassis.examples.hello;

import dev.chassis.testkit.ChassisExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The routes, exercised in memory: the whole server pipeline, no socket. */
class HelloServiceTest {
    @RegisterExtension
    static final ChassisExtension app = ChassisExtension.of(
                    config -> DaggerHelloComponent.factory().create(config).service())
            .inMemory()
            .build();

    @Test
    void greetsByName() {
        app.client().get("/hello/world").assertStatus(200).assertJson("{\"message\":\"hello, world\"}");
    }

    @Test
    void echoesAValidMessage() {
        app.client()
                .post("/echo", Map.of("message", "hi", "times", 2))
                .assertStatus(200)
                .assertJson("{\"message\":\"hi\",\"times\":2}");
    }

    @Test
    void refusesAnInvalidEchoNamingEachField() {
        app.client()
                .post("/echo", Map.of("message", "", "times", 11))
                .assertStatus(400)
                .problem()
                .hasErrors("/message: must not be blank", "/times: must be between 1 and 10");
    }

    @Test
    void answersUnknownPathsWithAProblem() {
        app.client().get("/goodbye").assertStatus(404).problem().hasDetail("no route for GET /goodbye");
    }
}
