package dev.chassis.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.ConfigBinding;
import dev.chassis.core.config.Config;
import dev.chassis.discovery.config.ConsulConfig;
import dev.chassis.discovery.config.RegistrationConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvertisedTest {
    @Test
    void derivesAStableIdAndTheReadinessCheckFromTheBoundAddress() {
        Advertised a =
                Advertised.of(RegistrationConfig.defaults(), "orders", "10.1.2.3", 8080, 8080, false, "/health/ready");

        assertThat(a)
                .isEqualTo(
                        new Advertised("orders-10.1.2.3-8080", "10.1.2.3", 8080, "http://10.1.2.3:8080/health/ready"));
    }

    @Test
    void aSeparateAdminPortIsWhereTheCheckGoes() {
        Advertised a = Advertised.of(RegistrationConfig.defaults(), "orders", "10.1.2.3", 8080, 9090, true, "/ready");

        assertThat(a.checkUrl()).isEqualTo("http://10.1.2.3:9090/ready");
    }

    @Test
    void configuredValuesWin() {
        RegistrationConfig config = consul("registration: {service-id: orders-blue, advertise-address: 'fd00::1',"
                        + " advertise-port: 443}")
                .registration();

        Advertised a = Advertised.of(config, "orders", "0.0.0.0", 8080, 8080, false, "/health/ready");

        assertThat(a).isEqualTo(new Advertised("orders-blue", "fd00::1", 443, "http://[fd00::1]:443/health/ready"));
    }

    @Test
    void aWildcardHostIsReplacedByAnAddressOfTheMachine() {
        String address = Advertised.defaultAddress("0.0.0.0");

        assertThat(address).isNotEqualTo("0.0.0.0").matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(Advertised.of(RegistrationConfig.defaults(), "orders", "0.0.0.0", 80, 80, false, "/r")
                        .serviceId())
                .isEqualTo("orders-" + address + "-80");
    }

    @Test
    void theServiceIdKeepsOnlyCharactersConsulTakesEverywhere() {
        Advertised a = Advertised.of(RegistrationConfig.defaults(), "orders", "fd00::1", 80, 80, false, "/r");

        assertThat(a.serviceId()).isEqualTo("orders-fd00--1-80");
    }

    static ConsulConfig consul(String keys) {
        return ConfigBinding.bind(
                        Config.builder()
                                .yaml("test", "discovery: {consul: {" + keys + "}}")
                                .build(),
                        List.of(ConsulConfig.SECTION))
                .get(ConsulConfig.SECTION);
    }

    @Test
    void aTlsMainPortIsCheckedOverHttpsUnlessAdminHasItsOwnPort() {
        assertThat(Advertised.of(RegistrationConfig.defaults(), "orders", "10.1.2.3", 8443, 8443, false, "/r", true)
                        .checkUrl())
                .isEqualTo("https://10.1.2.3:8443/r");
        assertThat(Advertised.of(RegistrationConfig.defaults(), "orders", "10.1.2.3", 8443, 9090, true, "/r", true)
                        .checkUrl())
                .isEqualTo("http://10.1.2.3:9090/r");
    }
}
