package com.example.orders;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Inject;
import javax.inject.Singleton;

/** Items in memory: gone when the service stops. Thread-safe. */
@Singleton
final class MemoryItemStore implements ItemStore {
    private final Map<UUID, Item> items = new ConcurrentHashMap<>();

    @Inject
    MemoryItemStore() {}

    @Override
    public Item add(NewItem item) {
        Item saved = new Item(UUID.randomUUID(), item.name(), item.quantity());
        items.put(saved.id(), saved);
        return saved;
    }

    @Override
    public Optional<Item> find(UUID id) {
        return Optional.ofNullable(items.get(id));
    }
}
