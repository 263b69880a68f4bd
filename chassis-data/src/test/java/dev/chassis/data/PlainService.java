package dev.chassis.data;

import dagger.BindsInstance;
import dagger.Component;
import dev.chassis.core.ChassisModule;
import dev.chassis.core.Service;
import dev.chassis.core.config.Config;
import javax.inject.Singleton;
import javax.sql.DataSource;

/** A service with data and nothing else: no meter registry, so pools run without meters. */
@Singleton
@Component(modules = {ChassisModule.class, DataModule.class})
interface PlainService {
    Service service();

    DataSource dataSource();

    DataSources dataSources();

    Transactions transactions();

    @Component.Factory
    interface Factory {
        PlainService create(@BindsInstance Config config);
    }

    static PlainService create(String yaml) {
        return DaggerPlainService.factory()
                .create(Config.builder()
                        .yaml(
                                "defaults for tests",
                                "service: {name: plain-test}\nserver: {host: 127.0.0.1, port: 0}\n"
                                        + "lifecycle: {propagation-delay: 0s}\n")
                        .yaml("test", yaml)
                        .build());
    }
}
