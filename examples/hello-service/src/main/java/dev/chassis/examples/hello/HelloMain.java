package dev.chassis.examples.hello;

import dev.chassis.core.Service;
import dev.chassis.core.config.Config;

/** Starts the hello service: {@code java -jar hello-service.jar [--config file.yaml]}. */
public final class HelloMain {
    private HelloMain() {}

    public static void main(String[] args) {
        Config config = Config.load(args);
        Service service = DaggerHelloComponent.factory().create(config).service();
        service.run();
    }
}
