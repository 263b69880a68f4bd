package dev.chassis.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.core.client.ClientConfig;
import dev.chassis.core.client.ServiceInstance;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstancePickerTest {
    private static ServiceInstance instance(int port) {
        return ServiceInstance.of(URI.create("http://127.0.0.1:" + port));
    }

    @Test
    void instancesThatLeftLoseTheirCounters() {
        InstancePicker picker = new InstancePicker("accounts", ClientConfig.LoadBalancer.ROUND_ROBIN, null);
        ServiceInstance a = instance(1);
        ServiceInstance b = instance(2);
        List<ServiceInstance> both = List.of(a, b);
        ServiceInstance first = picker.pickAndClaim(both);
        ServiceInstance second = picker.pickAndClaim(both);
        assertThat(Set.of(first, second)).containsExactlyInAnyOrder(a, b);
        assertThat(picker.tracked()).isEqualTo(2);

        picker.retain(Set.of(a.id()));

        assertThat(picker.tracked()).isEqualTo(1);
        assertThat(picker.outstanding(a)).isEqualTo(1);
        // The attempt to b ends after b left: nothing is made for it again.
        picker.done(b);
        assertThat(picker.tracked()).isEqualTo(1);
        assertThat(picker.outstanding(b)).isZero();
    }
}
