package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chassis.core.Service;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.Config;
import dev.chassis.core.config.ServerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Added by the team after generation: its settings bound as the service binds them, and its states. */
class SettingsTest {
    @Test
    void thePortComesFromTheYaml() {
        BoundConfig bound = BoundConfig.bind(
                Config.builder().yaml("test", "server: {port: 8181}").build(), List.of(ServerConfig.SECTION));
        assertEquals(8181, bound.get(ServerConfig.SECTION).port());
    }

    @Test
    void aServiceNotStartedIsNew() {
        Service service = DaggerApplicationComponent.factory()
                .create(Config.builder().yaml("test", "server: {port: 0}").build())
                .service();
        assertEquals(Service.State.NEW, service.state());
    }
}
