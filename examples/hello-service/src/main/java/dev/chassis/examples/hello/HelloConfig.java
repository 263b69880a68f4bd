package dev.chassis.examples.hello;

import dev.chassis.core.config.ConfigSection;

/**
 * The hello service's own settings, section {@code hello}.
 *
 * @param greeting the word before the name
 * @param eventLoop run the routes on the event loop (they never block)
 */
public record HelloConfig(String greeting, boolean eventLoop) {
    public static final ConfigSection<HelloConfig> SECTION =
            ConfigSection.of("hello", HelloConfig.class, new HelloConfig("hello", false));

    public HelloConfig {
        if (greeting == null || greeting.isBlank()) {
            throw new IllegalArgumentException("greeting: '" + greeting + "' (expected: not blank)");
        }
    }
}
