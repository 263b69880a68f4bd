package com.example.orders;

/**
 * What the pricing service answers.
 *
 * @param name the item's name
 * @param cents the unit price in cents
 */
public record Price(String name, long cents) {}
