package dev.chassis.examples.hello;

import dev.chassis.core.http.Request;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import dev.chassis.core.http.Validatable;
import dev.chassis.core.http.Validator;
import javax.inject.Inject;

/** {@code GET /hello}, {@code GET /hello/{name}} and {@code POST /echo}. */
final class HelloRoutes implements Routes {
    private final HelloConfig config;

    @Inject
    HelloRoutes(HelloConfig config) {
        this.config = config;
    }

    @Override
    public void register(Routing routing) {
        Routing r = config.eventLoop() ? routing.onEventLoop() : routing;
        r.get("/hello", request -> new Greeting(config.greeting()))
                .get("/hello/{name}", this::greet)
                .post("/echo", request -> request.body(Echo.class));
    }

    private Greeting greet(Request request) {
        return new Greeting(config.greeting() + ", " + request.pathParam("name").asString());
    }

    /** What the greeting routes answer. */
    record Greeting(String message) {}

    /** What {@code /echo} takes and gives back. */
    record Echo(String message, int times) implements Validatable {
        @Override
        public void validate(Validator v) {
            v.notBlank("message", message).length("message", message, 1, 200).range("times", times, 1, 10);
        }
    }
}
