package com.example.orders;

import dev.chassis.core.Service;
import dev.chassis.core.config.Config;

/** Starts the service: {@code java -jar target/orders-service.jar [--config file.yaml]}. */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Config config = Config.load(args);
        Service service = DaggerApplicationComponent.factory().create(config).service();
        service.run();
    }
}
