package dev.chassis.examples.peer;

import dev.chassis.core.Service;
import dev.chassis.core.config.Config;

/** Starts a peer service: {@code SERVICE_NAME=orders java -jar peer-service.jar [--config file.yaml]}. */
public final class PeerMain {
    private PeerMain() {}

    public static void main(String[] args) {
        Config config = Config.load(args);
        Service service = DaggerPeerComponent.factory().create(config).service();
        service.run();
    }
}
