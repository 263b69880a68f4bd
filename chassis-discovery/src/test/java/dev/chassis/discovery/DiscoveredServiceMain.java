package dev.chassis.discovery;

/**
 * Runs a {@link DiscoveredService} as its own process, for tests that kill it: {@code
 * DiscoveredServiceMain <consul-url> <service-name>}.
 */
final class DiscoveredServiceMain {
    private DiscoveredServiceMain() {}

    public static void main(String[] args) {
        DaggerDiscoveredService.factory()
                .create(DiscoveredService.config(args[0], args[1], ""))
                .service()
                .run();
    }
}
