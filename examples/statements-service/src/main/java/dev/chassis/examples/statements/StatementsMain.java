package dev.chassis.examples.statements;

import dev.chassis.core.Service;
import dev.chassis.core.config.Config;

/** Starts statements-service: {@code java -jar statements-service.jar [--config file.yaml]}. */
public final class StatementsMain {
    private StatementsMain() {}

    public static void main(String[] args) {
        Config config = Config.load(args);
        Service service = DaggerStatementsComponent.factory().create(config).service();
        service.run();
    }
}
