package dev.chassis.core.http;

/**
 * A service's routes, contributed with {@code @Provides @IntoSet Routes} (or {@code @Binds
 * @IntoSet}): adding routes is adding a class.
 *
 * <pre>{@code
 * final class AccountRoutes implements Routes {
 *     public void register(Routing routing) {
 *         routing.group("/accounts", accounts -> accounts
 *                 .get("/{id}", this::find)
 *                 .post("", this::open));
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Routes {
    /** Registers routes. */
    void register(Routing routing);
}
