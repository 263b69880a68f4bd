package com.example.orders;

import dev.chassis.core.ChassisException;
import dev.chassis.core.LifecycleParticipant;
import javax.inject.Inject;

/** Added by the team after generation: checks the store answers before the service takes traffic. */
final class Warmup implements LifecycleParticipant {
    private final ItemStore store;

    @Inject
    Warmup(ItemStore store) {
        this.store = store;
    }

    @Override
    public void start() {
        if (store.find(java.util.UUID.randomUUID()).isPresent()) {
            throw new ChassisException("the item store answers for an item never added");
        }
    }
}
