package com.example.orders;

import java.util.Optional;
import java.util.UUID;

/** Where items are kept. */
public interface ItemStore {
    /** Saves a new item and returns it with its ID. */
    Item add(NewItem item);

    /** The item with this ID, if any. */
    Optional<Item> find(UUID id);
}
