package dev.chassis.core.http;

/**
 * Handles one request. The returned value becomes the response:
 *
 * <ul>
 *   <li>a {@link Response} is sent as it is;
 *   <li>a {@link java.util.concurrent.CompletionStage} is awaited without holding a thread, and
 *       its value is treated by these same rules;
 *   <li>{@code null} is {@code 204 No Content};
 *   <li>anything else is serialized as JSON with status 200.
 * </ul>
 *
 * <p>To answer with an error, throw an {@link HttpStatusException}; any other exception becomes
 * a 500 whose details stay in the log.
 *
 * <pre>{@code
 * routing.get("/hello/{name}", request -> new Greeting("hello, " + request.pathParam("name").asString()));
 * }</pre>
 */
@FunctionalInterface
public interface Handler {
    /**
     * Handles the request.
     *
     * @throws Exception any failure; see the class description for how it is answered
     */
    Object handle(Request request) throws Exception;
}
