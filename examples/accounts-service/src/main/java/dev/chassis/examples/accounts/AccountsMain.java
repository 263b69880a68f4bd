package dev.chassis.examples.accounts;

import dev.chassis.core.Service;
import dev.chassis.core.config.Config;

/** Starts accounts-service: {@code java -jar accounts-service.jar [--config file.yaml]}. */
public final class AccountsMain {
    private AccountsMain() {}

    public static void main(String[] args) {
        Config config = Config.load(args);
        Service service = DaggerAccountsComponent.factory().create(config).service();
        service.run();
    }
}
