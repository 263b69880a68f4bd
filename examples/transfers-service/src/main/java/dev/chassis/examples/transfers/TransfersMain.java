package dev.chassis.examples.transfers;

import dev.chassis.core.Service;
import dev.chassis.core.config.Config;

/** Starts transfers-service: {@code java -jar transfers-service.jar [--config file.yaml]}. */
public final class TransfersMain {
    private TransfersMain() {}

    public static void main(String[] args) {
        Config config = Config.load(args);
        Service service = DaggerTransfersComponent.factory().create(config).service();
        service.run();
    }
}
