package com.example.orders;

import dev.chassis.core.http.Validatable;
import dev.chassis.core.http.Validator;

/**
 * What {@code POST /items} takes; checked before the handler sees it, every field at once.
 *
 * @param name 1 to 100 characters
 * @param quantity 1 to 1000
 */
public record NewItem(String name, int quantity) implements Validatable {
    @Override
    public void validate(Validator v) {
        v.notBlank("name", name).length("name", name, 1, 100).range("quantity", quantity, 1, 1000);
    }
}
