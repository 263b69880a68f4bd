package com.example.orders;

import java.util.UUID;

/**
 * An item as the service answers it.
 *
 * @param id its ID
 * @param name its name
 * @param quantity how many
 */
public record Item(UUID id, String name, int quantity) {}
